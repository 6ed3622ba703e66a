/**
 * Answers again from a job that already exists: `GET /v1/jobs/{id}/events` (resuming a broken stream) and a
 * POST repeated with the same Idempotency-Key. A running job is relayed live; a finished one is replayed from
 * the store: its final images as `*.completed` events (SSE ids 1, 2, ...) and its error, if it failed.
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { JOB_ID_HEADER, type CompletedImageEvent, type ErrorEvent, type ImagesResponse } from '../../contract/api';
import type { Job } from '../jobs/job';
import type { JobQueries } from '../jobs/queries';
import type { JobRecord } from '../jobs/store';
import { failure } from './errors';
import { respondWithJson, respondWithStream } from './job-response';
import type { AppEnv } from './middleware';

/** A stored job's final images, as the completed events that first carried them. */
async function storedFinals(jobs: JobQueries, record: JobRecord, live: Job | undefined, after: number, token: string): Promise<CompletedImageEvent[]> {
  const type = record.kind === 'edit' ? 'image_edit.completed' : 'image_generation.completed';
  const events: CompletedImageEvent[] = [];
  for (const image of record.images) {
    if (image.index < after) continue;
    const kept = live?.finals[image.index];
    const bytes = kept ? undefined : await jobs.imageBytes(record.id, image.index, token);
    const b64 = kept?.b64_json ?? (bytes ? Buffer.from(bytes).toString('base64') : undefined);
    if (!b64) continue;
    events.push({
      type,
      b64_json: b64,
      created_at: Math.floor((record.finishedAt ?? record.createdAt) / 1000),
      size: image.size,
      quality: kept?.quality ?? record.summary.quality,
      background: kept?.background ?? 'opaque',
      output_format: image.outputFormat,
      usage: image.usage ?? { input_tokens: 0, output_tokens: 0, total_tokens: 0 },
    });
  }
  return events;
}

export async function replayJob(c: Context<AppEnv>, jobs: JobQueries, id: string, mode: 'stream' | 'json', after = 0): Promise<Response> {
  const token = c.var.tokenName;
  const live = jobs.live(id, token);
  if (live?.status === 'running') return mode === 'stream' ? respondWithStream(c, live, after) : respondWithJson(c, live);
  const finished = await jobs.get(id, token);
  if (!finished) throw failure(404, 'not_found', 'No such job for this access token.');
  c.header(JOB_ID_HEADER, id);
  const finals = await storedFinals(jobs, finished, live, after, token);
  if (mode === 'json') {
    const first = finals[0];
    if (!first) throw failure(502, finished.error ? 'upstream_error' : 'not_found', finished.error?.message ?? 'The job kept no image.');
    const body: ImagesResponse = {
      created: first.created_at,
      data: finals.map((f) => ({ b64_json: f.b64_json })),
      output_format: first.output_format as ImagesResponse['output_format'],
      size: first.size,
    };
    return c.json(body);
  }
  return streamSSE(c, async (stream) => {
    for (const [i, event] of finals.entries()) {
      await stream.write(`id: ${after + i + 1}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    }
    if (finished.error) {
      const event: ErrorEvent = { type: 'error', error: finished.error };
      await stream.writeSSE({ event: 'error', data: JSON.stringify(event) });
    }
  });
}

/** `Last-Event-ID` as a count of final images already received (0 when absent or not plain digits). */
export function lastEventId(c: Context): number {
  const raw = c.req.header('last-event-id') ?? '';
  return /^(0|[1-9]\d{0,2})$/.test(raw) ? Number(raw) : 0;
}
