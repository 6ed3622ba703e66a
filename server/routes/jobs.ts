/**
 * Figment's job routes: recent jobs, one job, its kept images, and cancel. A token reads its own jobs, or with
 * team history (FIGMENT_HISTORY=team) every token's; a job it may not read answers 404 exactly like an unknown
 * one. Cancel is the owner's alone (see jobs/queries.ts).
 */
import { Hono } from 'hono';
import type { JobList } from '../../contract/api';
import { failure } from '../http/errors';
import { lastEventId, replayJob } from '../http/job-replay';
import type { AppEnv } from '../http/middleware';
import type { JobQueries } from '../jobs/queries';
import { infoOf } from '../jobs/records';

const CONTENT_TYPES: Record<string, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };

export function jobRoutes(jobs: JobQueries) {
  const notFound = () => failure(404, 'not_found', 'No such job for this access token.');
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const raw = c.req.query('limit') ?? '50';
      const limit = /^[1-9]\d{0,2}$/.test(raw) ? Math.min(Number(raw), 200) : 50;
      const body: JobList = { data: (await jobs.list(c.var.tokenName, limit)).map(infoOf) };
      return c.json(body);
    })
    .get('/:id', async (c) => {
      const record = await jobs.get(c.req.param('id'), c.var.tokenName);
      if (!record) throw notFound();
      return c.json(infoOf(record));
    })
    // Resuming a broken stream: the job's remaining events, live or replayed (see http/job-replay.ts).
    .get('/:id/events', (c) => replayJob(c, jobs, c.req.param('id'), 'stream', lastEventId(c)))
    .get('/:id/images/:index', async (c) => {
      const id = c.req.param('id');
      const record = await jobs.get(id, c.var.tokenName);
      // A plain decimal index only: `0x0`, ` 0` or `-0` name no image.
      const raw = c.req.param('index');
      const index = /^(0|[1-9]\d{0,2})$/.test(raw) ? Number(raw) : -1;
      const image = record?.images.find((i) => i.index === index);
      if (!record || !image) throw notFound();
      const bytes = await jobs.imageBytes(id, index, c.var.tokenName);
      if (!bytes) throw notFound();
      return c.body(new Uint8Array(bytes), 200, {
        'content-type': CONTENT_TYPES[image.outputFormat] ?? 'application/octet-stream',
        'cache-control': 'private, max-age=31536000, immutable',
      });
    })
    .delete('/:id', async (c) => {
      const id = c.req.param('id');
      const seen = await jobs.get(id, c.var.tokenName);
      const record = await jobs.cancel(id, c.var.tokenName);
      // With team history a teammate's job is readable but never theirs to stop.
      if (!record && seen) throw failure(403, 'invalid_request', `Only the access token that started this job (${seen.owner}) can cancel it.`);
      if (!record) throw notFound();
      const wasRunning = seen?.status === 'running';
      if (!wasRunning) throw failure(409, 'invalid_request', `The job has already ended (${record.status}).`);
      return c.json(infoOf(record));
    });
}
