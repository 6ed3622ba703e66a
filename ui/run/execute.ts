/**
 * One attempt at a run: its stream of events (./streams.ts) written into the run as they come (status, partial images
 * in the chat and on the frame itself, final images and usage, what went wrong), ending in what the adaptive limit
 * reads. The runner (./runner.ts) decides when an attempt starts and how many there are, and stops it by `signal`.
 */
import type { UiToMain } from '../../contract/messages';
import { jobImagePath, type ImageUsage } from '../../contract/api';
import { sumUsage } from '../../core/cost';
import { ApiErrorException, describeError, isUnreachable } from '../api/errors';
import type { ObjectUrls } from '../object-urls';
import type { Run, RunImage } from './run';
import { runEvents, type StreamDeps } from './streams';

/** A rate-limited run is tried this many times before it is reported as failed. */
export const RATE_LIMIT_ATTEMPTS = 6;

/** How an attempt ended, for the adaptive limit (`again`: try once more, after `retryAfterMs`). */
export type Attempt = { outcome: 'ok' | 'failed' | 'rate-limited'; retryAfterMs?: number; again?: boolean };

/** What an attempt needs of the runner, for the one run it streams. */
export interface AttemptDeps extends Pick<StreamDeps, 'client' | 'readInput'>, Required<Pick<StreamDeps, 'anchorImage'>> {
  urls: ObjectUrls;
  post(message: UiToMain): void;
  /** The run as the runner has it now. */
  current(): Run | undefined;
  update(patch: Partial<Run>): void;
  /** Keeps the run's image for the runs of its anchored set. */
  keep(bytes: Uint8Array): void;
  /** Puts the run's image `index` on its frame. */
  apply(index: number): void;
  /** A stopped run's job cancellation, on its way to the backend. */
  cancelling(cancel: Promise<void>): void;
  now(): number;
}

/** Streams attempt number `attempt` at `run` (planned as it is, not yet stopped). */
export async function attemptRun(run: Run, attempt: number, deps: AttemptDeps, signal: AbortSignal): Promise<Attempt> {
  const { client, urls, post, update } = deps;
  const id = run.id;
  const reads = run.request.route === 'edits' || run.request.route === 'responses';
  update({ status: reads ? 'reading' : 'running', startedAt: deps.now() });
  // Several images are compared in the chat, not previewed on the frame; none is applied until chosen.
  const single = run.n === 1;
  // A Localise copy (beside.duplicate) is made only with its final image, so its partials stay in the chat.
  const previews = single && (run.targetId !== null || (run.beside !== undefined && !run.beside.duplicate));
  let partialUrl: string | undefined;
  let previewed = false;
  /** The job now streaming (a conversation's variations are one job each) and how many finals it sent. */
  let job: { id: string; finals: number } | undefined;
  const images: RunImage[] = [];
  const usages: ImageUsage[] = [];
  const endPreview = () => {
    if (previewed) post({ type: 'preview-end', requestId: id });
  };
  try {
    for await (const event of runEvents(run, { client, readInput: deps.readInput, anchorImage: deps.anchorImage }, signal)) {
      if (event.type === 'sent') update({ status: 'running', ...(event.note ? { message: event.note } : {}) });
      else if (event.type === 'job') {
        job = { id: event.jobId, finals: 0 };
        update({ jobId: event.jobId });
      }
      else if (event.type === 'partial') {
        if (single && images.length > 0) continue;
        const previous = partialUrl;
        partialUrl = urls.create(event.bytes, 'png');
        update({ partialUrl, partialIndex: event.index });
        urls.revoke(previous);
        // The partial also shows on the frame itself, replaced by the final image (or undone if none comes).
        if (previews) {
          previewed = true;
          if (run.targetId !== null) post({ type: 'preview-image', requestId: id, nodeId: run.targetId, bytes: event.bytes });
          else post({ type: 'preview-beside', requestId: id, beside: run.beside!, bytes: event.bytes });
        }
      } else if (!single || images.length === 0) {
        const kept = job ? { kept: jobImagePath(job.id, job.finals++) } : {};
        images.push({ ...event.image, url: urls.create(event.image.bytes, 'png'), ...kept });
        deps.keep(event.image.bytes);
        if (event.usage) usages.push(event.usage);
        update({ images: [...images], ...(usages.length ? { usage: sumUsage(usages) } : {}) });
        if (single) deps.apply(0);
      }
    }
    if (partialUrl) {
      urls.revoke(partialUrl);
      update({ partialUrl: undefined });
    }
    if (images.length === 0) {
      endPreview();
      update({ status: 'failed', message: 'The stream ended before the image was finished.' });
      return { outcome: 'failed' };
    }
    if (!single) {
      const short = images.length < run.n ? `OpenAI sent ${images.length} of ${run.n} images.` : undefined;
      update({ status: 'choosing', ...(short ? { message: short } : {}) });
    }
    return { outcome: 'ok' };
  } catch (error) {
    if (partialUrl) {
      urls.revoke(partialUrl);
      update({ partialUrl: undefined });
    }
    if (images.length > 0) {
      // The images that arrived are paid for: they stay, to apply (one is already on its way to the canvas).
      if (!single) update({ status: 'choosing', message: `${signal.aborted ? 'Stopped.' : describeError(error)} The images that arrived are here to choose from.` });
      return { outcome: 'ok' };
    }
    endPreview();
    const jobId = deps.current()?.jobId;
    if (signal.aborted) {
      if (jobId) deps.cancelling(client.cancelJob(jobId));
      update({ status: 'stopped', message: 'Stopped.' });
      return { outcome: 'failed' };
    }
    // A rate limit before any image, answered as a 429 or as an error event once the backend had opened the stream
    // (it keeps the stream alive with comments while it retries OpenAI itself): nothing was paid, so wait and retry.
    if (error instanceof ApiErrorException && error.code === 'rate_limited' && attempt < RATE_LIMIT_ATTEMPTS) {
      const seconds = error.retryAfterSeconds ?? 1;
      update({ status: 'queued', message: `Rate limited; trying again in ${seconds} s.` });
      return { outcome: 'rate-limited', retryAfterMs: seconds * 1000, again: true };
    }
    update({ status: 'failed', message: describeError(error), ...(isUnreachable(error) ? { unreachable: true } : {}) });
    return { outcome: 'failed' };
  }
}
