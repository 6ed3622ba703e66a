/**
 * Answers a client from a running job: as SSE (OpenAI's event names, relayed as they come) or as one
 * `ImagesResponse`. If the client goes away, only its subscription ends; the job runs on and keeps its images.
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { INCOMPLETE_HEADER, JOB_ID_HEADER, type ErrorEvent, type ImagesResponse } from '../../contract/api';
import type { Job } from '../jobs/job';
import { relayText } from '../providers/sse-frames';
import type { StreamEvent } from '../providers/types';
import { asFailure } from './errors';
import type { AppEnv } from './middleware';

const KEEPALIVE_MS = 15_000;

/**
 * Until upstream accepts the job nothing is paid for: a client that leaves then cancels it (waits for a retry
 * included). Once accepted, the job runs to its end whoever listens.
 */
export function cancelIfLeftEarly(c: Context<AppEnv>, job: Job): void {
  const signal = c.req.raw.signal;
  const leave = () => {
    if (job.isAccepted || job.status !== 'running') return;
    c.var.log.info('client left before upstream accepted; job cancelled', { jobId: job.id });
    job.cancel();
  };
  if (signal.aborted) leave();
  else signal.addEventListener('abort', leave, { once: true });
}

/** An Images API final image: it carries an SSE id (its index + 1) so a broken stream can resume after it. */
const isFinal = (event: StreamEvent) => event.type === 'image_generation.completed' || event.type === 'image_edit.completed';

/** Relays a job as SSE; `after` final images (as `Last-Event-ID` counts them) are skipped when resuming. */
export async function respondWithStream(c: Context<AppEnv>, job: Job, after = 0): Promise<Response> {
  // Listen from the start: a fast upstream can deliver events before the job is even marked accepted here.
  const queue: StreamEvent[] = [];
  let wake: (() => void) | undefined;
  let closed = false;
  const unsubscribe = job.subscribe((event) => {
    queue.push(event);
    wake?.();
  });
  // Waits for a retry are told to the client as SSE comments, so proxies keep the stream open meanwhile.
  const comments: string[] = [];
  const stopWaits = job.onWait((ms, reason) => {
    comments.push(`: waiting ${Math.ceil(ms / 1000)} s for OpenAI to retry (${reason})\n\n`);
    wake?.();
  });
  c.header(JOB_ID_HEADER, job.id);
  cancelIfLeftEarly(c, job);
  try {
    // A refusal before any wait is a plain HTTP error; once waiting, the stream has started and says it in events.
    await Promise.race([job.accepted, job.firstWait]);
  } catch (error) {
    unsubscribe();
    stopWaits();
    throw asFailure(error);
  }
  return streamSSE(c, async (stream) => {
    const stop = () => {
      closed = true;
      wake?.();
    };
    void job.done.then(stop);
    stream.onAbort(() => {
      unsubscribe();
      stop();
      if (job.status === 'running' && job.isAccepted) c.var.log.info('client left mid-stream; job continues', { jobId: job.id });
    });
    const keepalive = setInterval(() => void stream.write(': keep-alive\n\n').catch(() => undefined), KEEPALIVE_MS);
    let finals = 0;
    try {
      while (!stream.aborted) {
        const comment = comments.shift();
        if (comment) {
          await stream.write(comment);
          continue;
        }
        const event = queue.shift();
        if (event) {
          let id = '';
          if (isFinal(event)) {
            finals++;
            if (finals <= after) continue;
            id = `id: ${finals}\n`;
          }
          // The JSON text as upstream sent it (single-line JSON, so no data-line splitting), written in three
          // parts so a multi-megabyte image string is not copied once more into a concatenated frame.
          await stream.write(`${id}event: ${event.type}\ndata: `);
          await stream.write(relayText(event));
          await stream.write('\n\n');
          continue;
        }
        if (closed) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
      if (!stream.aborted && job.error) {
        const event: ErrorEvent = { type: 'error', error: job.error };
        await stream.writeSSE({ event: 'error', data: JSON.stringify(event) });
      }
    } finally {
      clearInterval(keepalive);
      unsubscribe();
      stopWaits();
    }
  });
}

export async function respondWithJson(c: Context<AppEnv>, job: Job): Promise<Response> {
  cancelIfLeftEarly(c, job);
  await job.done;
  c.header(JOB_ID_HEADER, job.id);
  const first = job.finals[0];
  if (!first) throw job.failure ?? asFailure(undefined);
  const body: ImagesResponse = {
    created: first.created_at,
    data: job.finals.map((f) => ({ b64_json: f.b64_json })),
    background: first.background === 'transparent' ? 'transparent' : 'opaque',
    output_format: first.output_format as ImagesResponse['output_format'],
    size: first.size,
    quality: first.quality as ImagesResponse['quality'],
    usage: job.usage,
  };
  // A partial answer says so: the plugin shows what is missing instead of taking it for the whole request.
  const requested = job.summary.n;
  if (job.finals.length < requested || job.unsaved) {
    body.figment = {
      requested,
      delivered: job.finals.length,
      ...(job.error ? { error: job.error } : {}),
      ...(job.unsaved ? { unsaved: job.unsaved } : {}),
    };
    c.header(INCOMPLETE_HEADER, `${job.finals.length}/${requested}`);
  }
  return c.json(body, 200);
}
