/** Remembers how the latest upstream calls went, for `/v1/health`. */
import type { HealthResponse } from '../../contract/api';
import type { Job } from './job';

const UPSTREAM_CODES = new Set(['upstream_error', 'upstream_timeout', 'upstream_auth_failed', 'rate_limited']);

export class UpstreamMonitor {
  private lastOkAt: number | undefined;
  private lastErrorAt: number | undefined;
  private lastError: string | undefined;

  observe(job: Job): void {
    if (job.status === 'succeeded') this.lastOkAt = Date.now();
    else if (job.status === 'failed' && job.error?.code && UPSTREAM_CODES.has(job.error.code)) {
      this.lastErrorAt = Date.now();
      this.lastError = job.error.code;
    }
  }

  state(): NonNullable<HealthResponse['upstream']> {
    const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());
    const state = this.lastErrorAt === undefined && this.lastOkAt === undefined ? 'unknown' : (this.lastErrorAt ?? 0) > (this.lastOkAt ?? 0) ? 'failing' : 'ok';
    return {
      state,
      ...(this.lastOkAt !== undefined ? { lastOkAt: iso(this.lastOkAt) } : {}),
      ...(this.lastError !== undefined ? { lastError: this.lastError, lastErrorAt: iso(this.lastErrorAt) } : {}),
    };
  }
}
