/**
 * Reading jobs, live or stored: one job, a token's recent jobs, a kept image, cancel, and which token owns a
 * Responses API response. Which jobs a token may read is the backend's history setting (FIGMENT_HISTORY):
 * `own`, the ones it ran; `team`, every token's, so a teammate can reuse an image (Recent's detail and Apply).
 * Team history widens who sees a job, not what it carries: a prompt is in a job only when FIGMENT_LOG_PROMPTS
 * kept it (see JobService), and then teammates see it too. Cancelling stays the owner's alone, whatever the
 * setting, so nobody stops someone else's run.
 */
import type { JobHistory } from '../../contract/api';
import type { Job } from './job';
import { recordOf } from './records';
import type { JobRegistry } from './registry';
import type { JobRecord, JobStore } from './store';

export interface JobQueriesOptions {
  registry: JobRegistry;
  store: JobStore;
  history: JobHistory;
}

export class JobQueries {
  constructor(private readonly options: JobQueriesOptions) {}

  get history(): JobHistory {
    return this.options.history;
  }

  /** The owner whose jobs `token` may read; undefined: every token's. */
  private readableBy(token: string): string | undefined {
    return this.options.history === 'team' ? undefined : token;
  }

  /** A job `token` may read, its record as it stands now. */
  get(id: string, token: string): Promise<JobRecord | undefined> {
    return this.find(id, this.readableBy(token));
  }

  /** A job `token` may read that this backend holds in memory (running, or finished but not stored). */
  live(id: string, token: string): Job | undefined {
    return this.options.registry.get(id, this.readableBy(token));
  }

  /** The jobs `token` may read, newest first. */
  async list(token: string, limit: number): Promise<JobRecord[]> {
    const owner = this.readableBy(token);
    // Live jobs first: one that finishes while the store is being read is then still seen (its store record may
    // have been read before its final write landed).
    const live = this.options.registry.list(owner).map((j) => recordOf(j));
    const stored = await this.options.store.list(owner, limit);
    const byId = new Map(stored.map((r) => [r.id, r]));
    for (const record of live) byId.set(record.id, record);
    return [...byId.values()].sort((a, b) => b.createdAt - a.createdAt).slice(0, limit);
  }

  /**
   * A kept image's bytes: from the store, or from memory when the store failed as it arrived. The store read is by
   * job id alone: the caller has already found the job with `get` for this token (routes/jobs.ts).
   */
  async imageBytes(id: string, index: number, token: string): Promise<Uint8Array | undefined> {
    const stored = await this.options.store.readImage(id, index);
    if (stored) return stored;
    const kept = this.live(id, token)?.finals[index];
    return kept ? Buffer.from(kept.b64_json, 'base64') : undefined;
  }

  /** The token that owns a Responses API response id, if a job of this backend produced it. */
  async responseOwner(responseId: string): Promise<string | undefined> {
    for (const job of this.options.registry.running()) if (job.responseId === responseId) return job.owner;
    return this.options.store.responseOwner(responseId);
  }

  /**
   * Cancels a running job of `owner` (never another token's, even with team history) and returns its record once
   * it has ended; undefined when the token has no such job. A job running on another instance sharing the store
   * is cancelled there (`requestCancel`), and its record is read back once that instance has written its end
   * (within `waitMs`).
   */
  async cancel(id: string, owner: string, waitMs = 15_000): Promise<JobRecord | undefined> {
    const live = this.options.registry.get(id, owner);
    if (live?.status === 'running') {
      live.cancel();
      await live.done;
      return this.find(id, owner);
    }
    let record = await this.find(id, owner);
    if (record?.status !== 'running' || !(await this.options.store.requestCancel(id))) return record;
    for (const until = Date.now() + waitMs; record?.status === 'running' && Date.now() < until; ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      record = await this.find(id, owner);
    }
    return record;
  }

  /** A job of `owner`, or of any token when `owner` is undefined. */
  private async find(id: string, owner: string | undefined): Promise<JobRecord | undefined> {
    const live = this.options.registry.get(id, owner);
    if (live) return recordOf(live);
    const record = await this.options.store.getRecord(id);
    return record && (owner === undefined || record.owner === owner) ? record : undefined;
  }
}
