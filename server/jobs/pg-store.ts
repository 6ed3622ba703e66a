/**
 * The job store on PostgreSQL (FIGMENT_DATABASE_URL), for several backend instances sharing one database: job
 * records (jsonb, with the columns listings need), final images (bytea, see pg-schema.ts), the usage ledger, the
 * same retention and size cap as the disk store. Each instance holds a lease (pg-instance.ts); running jobs
 * whose instance's lease has lapsed are marked interrupted by any other instance, at start-up and every half
 * lease after, so a crashed instance's jobs end even if it never comes back. Images are never touched by that.
 */
import pg from 'pg';
import { interruptedError } from './interrupted';
import { PgInstance, unref } from './pg-instance';
import { migrate } from './pg-schema';
import type { JobRecord, JobStore } from './store';
import { StoreWrites } from './store-writes';
import type { UsageEntry } from './usage-ledger';

export interface PgStoreOptions {
  /** `postgres://...` */
  url: string;
  retentionMs: number;
  maxBytes: number;
  /** How long an instance's running jobs stay its own without a heartbeat (default 15 s). */
  leaseMs?: number;
  /** Connections in this instance's pool (default 10). */
  poolSize?: number;
  /** Background failures (heartbeat, LISTEN connection, the interrupted sweep). */
  onError?: (error: unknown) => void;
  /** Jobs another instance left running, marked interrupted by the sweep. */
  onInterrupted?: (count: number) => void;
}

const JOB_ID = /^job_[a-f0-9]{32}$/;

export class PgJobStore implements JobStore {
  readonly pool: pg.Pool;
  readonly instance: PgInstance;
  private readonly writes = new StoreWrites();
  private sweep: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly options: PgStoreOptions) {
    this.pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    const onError = options.onError ?? (() => undefined);
    // An idle pooled connection that drops (a database restart) must not crash the process.
    this.pool.on('error', onError);
    this.instance = new PgInstance(this.pool, options.leaseMs ?? 15_000, onError);
  }

  /** Migrates the schema, takes this instance's lease and starts the sweep for jobs of instances that died. */
  async init(): Promise<void> {
    await migrate(this.pool);
    await this.instance.start();
    const every = Math.max(100, Math.floor(this.instance.leaseMs / 2));
    this.sweep = setInterval(() => {
      this.markInterrupted().then((n) => n > 0 && this.options.onInterrupted?.(n), this.options.onError ?? (() => undefined));
    }, every);
    unref(this.sweep);
  }

  async close(): Promise<void> {
    clearInterval(this.sweep);
    await this.writes.drain();
    await this.instance.stop().catch(() => undefined);
    await this.pool.end();
  }

  async saveRecord(record: JobRecord): Promise<void> {
    const json = JSON.stringify(record);
    await this.writes.inOrder(record.id, () =>
      this.writes.tracked(
        this.pool.query(
          `INSERT INTO figment_jobs (id, owner, status, created_at, finished_at, response_id, instance_id, record, record_bytes)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (id) DO UPDATE SET status = excluded.status, created_at = excluded.created_at,
             finished_at = excluded.finished_at, response_id = excluded.response_id, instance_id = excluded.instance_id,
             record = excluded.record, record_bytes = excluded.record_bytes`,
          [record.id, record.owner, record.status, record.createdAt, record.finishedAt ?? null, record.responseId ?? null, this.instance.id, json, Buffer.byteLength(json)],
        ),
      ).then(() => undefined),
    );
  }

  /** Keeps an image (its job's record must exist), then holds the store to its cap. */
  async saveImage(jobId: string, index: number, bytes: Uint8Array): Promise<void> {
    await this.writes.tracked(
      this.pool.query(
        `WITH old AS (SELECT octet_length(bytes) AS n FROM figment_images WHERE job_id = $1 AND index = $2),
         kept AS (INSERT INTO figment_images (job_id, index, bytes) VALUES ($1, $2, $3)
                  ON CONFLICT (job_id, index) DO UPDATE SET bytes = excluded.bytes RETURNING job_id)
         UPDATE figment_jobs SET image_bytes = image_bytes + $4 - coalesce((SELECT n FROM old), 0)
         WHERE id = (SELECT job_id FROM kept)`,
        [jobId, index, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), bytes.byteLength],
      ),
    );
    // The image is kept; a cap pass that fails (two instances pruning at once can deadlock, and PostgreSQL then
    // aborts one) is reported, never taken for a lost image. The next write or the hourly prune tries again.
    await this.enforceCap().catch(this.options.onError ?? (() => undefined));
  }

  async getRecord(jobId: string): Promise<JobRecord | undefined> {
    if (!JOB_ID.test(jobId)) return undefined;
    const { rows } = await this.pool.query<{ record: JobRecord }>('SELECT record FROM figment_jobs WHERE id = $1', [jobId]);
    return rows[0]?.record;
  }

  async readImage(jobId: string, index: number): Promise<Uint8Array | undefined> {
    if (!JOB_ID.test(jobId) || !Number.isInteger(index) || index < 0) return undefined;
    const { rows } = await this.pool.query<{ bytes: Buffer }>('SELECT bytes FROM figment_images WHERE job_id = $1 AND index = $2', [jobId, index]);
    return rows[0]?.bytes;
  }

  async list(owner: string | undefined, limit: number): Promise<JobRecord[]> {
    // Two statements rather than `owner = $1 OR $1 IS NULL`, so each has a plan of its own.
    const { rows } =
      owner === undefined
        ? await this.pool.query<{ record: JobRecord }>('SELECT record FROM figment_jobs ORDER BY created_at DESC, id DESC LIMIT $1', [limit])
        : await this.pool.query<{ record: JobRecord }>('SELECT record FROM figment_jobs WHERE owner = $1 ORDER BY created_at DESC, id DESC LIMIT $2', [owner, limit]);
    return rows.map((r) => r.record);
  }

  async responseOwner(responseId: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ owner: string }>('SELECT owner FROM figment_jobs WHERE response_id = $1 LIMIT 1', [responseId]);
    return rows[0]?.owner;
  }

  /**
   * Running jobs whose instance holds no fresh lease (it crashed, or was stopped without draining) can never
   * finish: marked interrupted. A live instance's jobs, this one's included, are left alone. Their images stay.
   */
  async markInterrupted(): Promise<number> {
    const now = Date.now();
    const { rowCount } = await this.pool.query(
      `WITH stale AS (
         SELECT j.id FROM figment_jobs j
         WHERE j.status = 'running' AND NOT EXISTS (
           SELECT 1 FROM figment_instances i
           WHERE i.id = j.instance_id AND i.heartbeat_at > now() - i.lease_ms * interval '1 millisecond')
         FOR UPDATE SKIP LOCKED)
       UPDATE figment_jobs j SET status = 'interrupted', finished_at = $1,
         record = j.record || jsonb_build_object('status', 'interrupted', 'finishedAt', $1::bigint, 'error', $2::jsonb)
       FROM stale WHERE j.id = stale.id AND j.status = 'running'`,
      [now, JSON.stringify(interruptedError)],
    );
    // Instances long gone leave no rows behind (ten leases: a paused one re-registers when it wakes).
    await this.pool.query("DELETE FROM figment_instances WHERE heartbeat_at < now() - lease_ms * interval '10 milliseconds'");
    return rowCount ?? 0;
  }

  async prune(now = Date.now()): Promise<void> {
    await this.pool.query("DELETE FROM figment_jobs WHERE status <> 'running' AND coalesce(finished_at, created_at) < $1", [now - this.options.retentionMs]);
    await this.enforceCap();
  }

  /** Drops the oldest finished jobs until the store is under its cap, in one statement. */
  private async enforceCap(): Promise<void> {
    const { rows } = await this.pool.query<{ bytes: string }>('SELECT bytes FROM figment_totals');
    const excess = Number(rows[0]?.bytes ?? 0) - this.options.maxBytes;
    if (excess <= 0) return;
    await this.pool.query(
      `DELETE FROM figment_jobs WHERE id IN (
         SELECT id FROM (
           SELECT id, sum(record_bytes + image_bytes) OVER (ORDER BY created_at, id) - (record_bytes + image_bytes) AS before
           FROM figment_jobs WHERE status <> 'running') oldest
         WHERE before < $1)`,
      [excess],
    );
  }

  async health(): Promise<{ ok: boolean; jobs: number; bytes: number }> {
    try {
      const { rows } = await this.pool.query<{ jobs: string; bytes: string }>('SELECT jobs, bytes FROM figment_totals');
      return { ok: !this.writes.failing, jobs: Number(rows[0]?.jobs ?? 0), bytes: Number(rows[0]?.bytes ?? 0) };
    } catch {
      return { ok: false, jobs: 0, bytes: 0 };
    }
  }

  async recordUsage(entry: UsageEntry): Promise<void> {
    await this.pool.query('INSERT INTO figment_usage (at, entry) VALUES ($1, $2)', [entry.at, JSON.stringify(entry)]);
  }

  async readUsage(from: number, to: number): Promise<UsageEntry[]> {
    const { rows } = await this.pool.query<{ entry: UsageEntry }>('SELECT entry FROM figment_usage WHERE at >= $1 AND at < $2 ORDER BY seq', [from, to]);
    return rows.map((r) => r.entry);
  }

  requestCancel(jobId: string): Promise<boolean> {
    return this.instance.requestCancel(jobId).then(() => true);
  }

  onCancelRequest(listener: (jobId: string) => void): void {
    this.instance.onCancelRequest(listener);
  }
}
