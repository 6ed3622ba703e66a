/**
 * The PostgreSQL schema, as numbered migrations applied at start-up. Each runs once, in its own transaction,
 * recorded in `figment_schema`; the whole run holds a transaction-level advisory lock, so two instances starting
 * at once apply each migration exactly once (the second waits, then finds nothing to do). Append new
 * migrations; never edit one that has shipped.
 *
 * Images are `bytea` in their own table rather than large objects: measured on PostgreSQL 15 (`npm run bench
 * -- 7`, 30 images of 1.5 MB, 4 at once, two shared cores), bytea wrote in 1.9 s and read in 3.0 s, large
 * objects 2.8 s and 4.5 s; and a bytea row goes away with its job (ON DELETE CASCADE) while a large object
 * must be unlinked by hand or it leaks. Images are a few MB at most, far below bytea's 1 GB limit.
 */
import type { Pool, PoolClient } from 'pg';

/** Any 64-bit number of our own: the advisory lock that serialises migrations across instances. */
const MIGRATION_LOCK = 0x46_49_47_4d_45_4e_54; // "FIGMENT"

export const MIGRATIONS: readonly string[] = [
  // 1: jobs, their images, the usage ledger, limit counters, live instances.
  `
  CREATE TABLE figment_jobs (
    id text PRIMARY KEY,
    owner text NOT NULL,
    status text NOT NULL,
    created_at bigint NOT NULL,
    finished_at bigint,
    response_id text,
    -- The instance running the job; another marks it interrupted once this instance's lease has lapsed.
    instance_id text,
    record jsonb NOT NULL,
    record_bytes bigint NOT NULL,
    image_bytes bigint NOT NULL DEFAULT 0
  );
  CREATE INDEX figment_jobs_owner ON figment_jobs (owner, created_at DESC);
  CREATE INDEX figment_jobs_response ON figment_jobs (response_id) WHERE response_id IS NOT NULL;
  CREATE INDEX figment_jobs_running ON figment_jobs (instance_id) WHERE status = 'running';
  CREATE INDEX figment_jobs_finished ON figment_jobs (created_at) WHERE status <> 'running';

  CREATE TABLE figment_images (
    job_id text NOT NULL REFERENCES figment_jobs (id) ON DELETE CASCADE,
    index integer NOT NULL,
    bytes bytea NOT NULL,
    PRIMARY KEY (job_id, index)
  );

  -- Totals for /v1/health and the size cap, kept by a trigger so nothing walks the table to answer them.
  CREATE TABLE figment_totals (one boolean PRIMARY KEY DEFAULT true CHECK (one), jobs bigint NOT NULL, bytes bigint NOT NULL);
  INSERT INTO figment_totals VALUES (true, 0, 0);
  -- Statement-level (transition tables): one totals update per statement, after its row locks, so statements
  -- touching many jobs never deadlock on the totals row.
  CREATE FUNCTION figment_count_jobs() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      UPDATE figment_totals SET jobs = jobs + (SELECT count(*) FROM new_rows),
        bytes = bytes + (SELECT coalesce(sum(record_bytes + image_bytes), 0) FROM new_rows);
    ELSIF TG_OP = 'UPDATE' THEN
      UPDATE figment_totals SET bytes = bytes + (SELECT coalesce(sum(record_bytes + image_bytes), 0) FROM new_rows)
        - (SELECT coalesce(sum(record_bytes + image_bytes), 0) FROM old_rows);
    ELSE
      UPDATE figment_totals SET jobs = jobs - (SELECT count(*) FROM old_rows),
        bytes = bytes - (SELECT coalesce(sum(record_bytes + image_bytes), 0) FROM old_rows);
    END IF;
    RETURN NULL;
  END $$;
  CREATE TRIGGER figment_jobs_inserted AFTER INSERT ON figment_jobs REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION figment_count_jobs();
  CREATE TRIGGER figment_jobs_updated AFTER UPDATE ON figment_jobs REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION figment_count_jobs();
  CREATE TRIGGER figment_jobs_deleted AFTER DELETE ON figment_jobs REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION figment_count_jobs();

  -- The usage ledger: never pruned with the jobs.
  CREATE TABLE figment_usage (seq bigserial PRIMARY KEY, at bigint NOT NULL, entry jsonb NOT NULL);
  CREATE INDEX figment_usage_at ON figment_usage (at);

  -- Rate limit and budget counters (server/limit-counters.ts): used and reserved, integers.
  CREATE TABLE figment_counters (key text PRIMARY KEY, used bigint NOT NULL, reserved bigint NOT NULL, window_end bigint);

  -- Live backend instances: each renews its lease (heartbeat) while it runs; its jobs are its own until the
  -- lease lapses. Each states its own lease, so instances configured differently still judge each other right.
  CREATE TABLE figment_instances (
    id text PRIMARY KEY,
    started_at timestamptz NOT NULL DEFAULT now(),
    heartbeat_at timestamptz NOT NULL DEFAULT now(),
    lease_ms integer NOT NULL
  );
  `,
  // 2: team history (FIGMENT_HISTORY=team) lists every owner's newest jobs: the order it reads, as an index.
  `
  CREATE INDEX figment_jobs_recent ON figment_jobs (created_at DESC, id DESC);
  `,
];

async function inTransaction<T>(client: PoolClient, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Applies the migrations not yet applied; returns their numbers. Safe to run from any number of instances at once. */
export async function migrate(pool: Pool): Promise<number[]> {
  const client = await pool.connect();
  try {
    return await inTransaction(client, async () => {
      // Held to the end of this transaction: the table check, every migration and its record are one unit.
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query('CREATE TABLE IF NOT EXISTS figment_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
      const { rows } = await client.query<{ version: number }>('SELECT version FROM figment_schema');
      const done = new Set(rows.map((r) => r.version));
      const applied: number[] = [];
      for (const [i, sql] of MIGRATIONS.entries()) {
        const version = i + 1;
        if (done.has(version)) continue;
        await client.query(sql);
        await client.query('INSERT INTO figment_schema (version) VALUES ($1)', [version]);
        applied.push(version);
      }
      return applied;
    });
  } finally {
    client.release();
  }
}

export { inTransaction };
