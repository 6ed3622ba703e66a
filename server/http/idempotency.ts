/**
 * `Idempotency-Key` on POSTs that start a job: the first request with a key starts the job and the key is
 * remembered (per access token, for IDEMPOTENCY_WINDOW_MS); a repeat answers from that job (live, or replayed
 * from the store) and is neither admitted nor charged again. A repeat that arrives while the first is still
 * being admitted is told to retry shortly.
 */
import type { MiddlewareHandler } from 'hono';
import { IDEMPOTENCY_HEADER, IDEMPOTENCY_WINDOW_MS } from '../../contract/api';
import type { JobQueries } from '../jobs/queries';
import { ApiFailure, failure } from './errors';
import { replayJob } from './job-replay';
import type { AppEnv } from './middleware';

interface Entry {
  at: number;
  jobId?: string;
}

const MAX_KEY = 255;

export class IdempotencyKeys {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly windowMs = IDEMPOTENCY_WINDOW_MS) {}

  private sweep(now: number): void {
    for (const [key, entry] of this.entries) {
      if (now - entry.at <= this.windowMs) break; // insertion order is age order
      this.entries.delete(key);
    }
  }

  middleware(jobs: JobQueries): MiddlewareHandler<AppEnv> {
    return async (c, next) => {
      const raw = c.req.header(IDEMPOTENCY_HEADER);
      if (c.req.method !== 'POST' || raw === undefined) return next();
      if (raw.length === 0 || raw.length > MAX_KEY || !/^[\x21-\x7e]+$/.test(raw)) {
        throw failure(400, 'invalid_request', `${IDEMPOTENCY_HEADER} must be 1 to ${MAX_KEY} visible ASCII characters.`);
      }
      const now = Date.now();
      this.sweep(now);
      const key = `${c.var.tokenName}\u0000${c.req.path}\u0000${raw}`;
      const known = this.entries.get(key);
      if (known?.jobId) {
        c.var.log.info('idempotent repeat answered from its job', { jobId: known.jobId });
        const stream = (c.req.header('accept') ?? '').includes('text/event-stream');
        return replayJob(c, jobs, known.jobId, stream ? 'stream' : 'json');
      }
      if (known) {
        throw new ApiFailure(409, { code: 'invalid_request', message: 'A request with this Idempotency-Key is still starting; retry in a moment.' }, { 'Retry-After': '1' });
      }
      const entry: Entry = { at: now };
      this.entries.set(key, entry);
      c.set('rememberJob', (jobId: string) => {
        entry.jobId = jobId;
      });
      try {
        await next();
      } finally {
        // A request that started no job (refused, invalid) leaves its key free for a corrected retry.
        if (!entry.jobId) this.entries.delete(key);
      }
    };
  }
}
