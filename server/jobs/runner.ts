/**
 * Runs a job to its end: pulls the provider's events, keeps every final image (through `onFinal`, the job
 * store hook) before anyone else sees it, and settles the job with a status and, on failure, a clear error.
 */
import { failure } from '../http/errors';
import type { CompletedImageEvent } from '../../contract/api';
import { imagesApiFinal, type FinalImageOf, type StreamEvent } from '../providers/types';
import { cancelledFailure } from '../providers/upstream-errors';
import type { Job } from './job';

export interface RunHooks {
  onFinal?(job: Job, image: CompletedImageEvent, index: number): Promise<void>;
  /** Which events carry a final image (default: the Images API's `*.completed`). */
  finalOf?: FinalImageOf;
  /** Called with every event before it is relayed (e.g. to keep the Responses API's final answer). */
  onEvent?(job: Job, event: StreamEvent): void;
  onEnd?(job: Job): void;
}

export async function runJob(
  job: Job,
  start: (signal: AbortSignal) => Promise<AsyncIterable<StreamEvent>>,
  expectedImages: number,
  hooks: RunHooks = {},
): Promise<void> {
  const signal = job.controller.signal;
  try {
    const events = await start(signal);
    job.markAccepted();
    const finalOf = hooks.finalOf ?? imagesApiFinal;
    for await (const event of events) {
      const final = finalOf(event);
      if (final) await hooks.onFinal?.(job, final, job.finals.length);
      hooks.onEvent?.(job, event);
      // The job keeps a plain copy of a final image event; the relayed event (and the raw JSON text tied to it)
      // can then be collected as soon as listeners have written it.
      job.record(event, final && { ...final });
    }
    if (signal.aborted) throw cancelledFailure();
    if (job.finals.length === 0) {
      throw failure(502, 'upstream_error', 'OpenAI ended the stream without an image.');
    }
    if (job.finals.length < expectedImages) {
      job.finish('failed', failure(502, 'upstream_error', `OpenAI sent ${job.finals.length} of ${expectedImages} images; the ones that arrived are kept.`));
    } else {
      job.finish('succeeded');
    }
  } catch (error) {
    job.finish(signal.aborted ? 'cancelled' : 'failed', signal.aborted ? cancelledFailure() : error);
  } finally {
    hooks.onEnd?.(job);
  }
}
