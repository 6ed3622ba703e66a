/**
 * The PostgreSQL job store: the store contract, then what is its own (migrations, leases, cancel across
 * instances) and the shared limit counters. Runs in the test run's private cluster (pg-global-setup.ts).
 */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PgCounters } from '../../server/jobs/pg-counters';
import { migrate, MIGRATIONS } from '../../server/jobs/pg-schema';
import { PgJobStore, type PgStoreOptions } from '../../server/jobs/pg-store';
import { UsageLimits } from '../../server/limits';
import { freshDatabase, pgSkipped } from './pg-helpers';
import { jobId, jobRecord, storeContract } from './store-contract';

const skip = pgSkipped();

async function openPg(url: string, over: Partial<PgStoreOptions> = {}): Promise<PgJobStore> {
  const s = new PgJobStore({ url, retentionMs: 1e12, maxBytes: 1e9, ...over });
  await s.init();
  return s;
}

describe.skipIf(skip)('PgJobStore', () => {
  storeContract('PgJobStore', async (limits = {}) => {
    const url = await freshDatabase();
    const reopen = () => openPg(url, limits);
    return { store: await reopen(), reopen };
  });

  const stores: PgJobStore[] = [];
  const open = async (url: string, over: Partial<PgStoreOptions> = {}) => stores[stores.push(await openPg(url, over)) - 1]!;
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
  });

  it('migrates once, however many instances start at the same moment', async () => {
    const url = await freshDatabase();
    const pools = Array.from({ length: 4 }, () => new pg.Pool({ connectionString: url, max: 1 }));
    const applied = await Promise.all(pools.map((p) => migrate(p)));
    expect(applied.flat()).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(await migrate(pools[0]!)).toEqual([]);
    const { rows } = await pools[0]!.query('SELECT version FROM figment_schema ORDER BY version');
    expect(rows.map((r: { version: number }) => r.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    await Promise.all(pools.map((p) => p.end()));
  });

  it('upgrades a database an earlier version made: only the new migrations run, and the team listing reads its index', async () => {
    const url = await freshDatabase();
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    // As the first release left it: migration 1 and its record.
    await pool.query('CREATE TABLE figment_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    await pool.query(MIGRATIONS[0]!);
    await pool.query('INSERT INTO figment_schema (version) VALUES (1)');
    expect(await migrate(pool)).toEqual(MIGRATIONS.slice(1).map((_, i) => i + 2));
    const client = await pool.connect();
    try {
      // The planner picks a sequential scan on a table this small: rule it out to see the index can serve the query.
      await client.query('SET enable_seqscan = off');
      const { rows } = await client.query<{ 'QUERY PLAN': string }>('EXPLAIN SELECT record FROM figment_jobs ORDER BY created_at DESC, id DESC LIMIT 20');
      expect(rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('figment_jobs_recent');
    } finally {
      client.release();
      await pool.end();
    }
  });

  it('leaves a live instance’s running jobs alone, and marks them interrupted once its lease lapses', async () => {
    const url = await freshDatabase();
    const a = await open(url);
    const b = await open(url);
    await a.saveRecord(jobRecord(1, { status: 'running', finishedAt: undefined, images: [] }));
    await a.saveImage(jobId(1), 0, new Uint8Array([1]));
    expect(await b.markInterrupted()).toBe(0);
    expect(await a.markInterrupted()).toBe(0);
    // A stops renewing (frozen or killed): its last heartbeat ages past its lease.
    await b.pool.query("UPDATE figment_instances SET heartbeat_at = now() - interval '1 hour' WHERE id = $1", [a.instance.id]);
    expect(await b.markInterrupted()).toBe(1);
    expect(await b.getRecord(jobId(1))).toMatchObject({ status: 'interrupted', error: { code: 'job_interrupted' } });
    expect(Array.from((await b.readImage(jobId(1), 0))!)).toEqual([1]);
  });

  it('sweeps on its own: a dead instance’s jobs end within a lease or so, with no restart', async () => {
    const url = await freshDatabase();
    let swept = 0;
    const b = await open(url, { leaseMs: 300, onInterrupted: (n) => (swept += n) });
    await b.saveRecord(jobRecord(1, { status: 'running', finishedAt: undefined }));
    // The job belongs to an instance that registered a 1 s lease and then died (nothing renews its row).
    await b.pool.query("INSERT INTO figment_instances (id, lease_ms) VALUES ('inst_dead', 1000)");
    await b.pool.query("UPDATE figment_jobs SET instance_id = 'inst_dead' WHERE id = $1", [jobId(1)]);
    await new Promise((r) => setTimeout(r, 400));
    expect((await b.getRecord(jobId(1)))!.status).toBe('running');
    await expect.poll(() => b.getRecord(jobId(1)).then((r) => r!.status)).toBe('interrupted');
    await expect.poll(() => swept).toBe(1);
  });

  it('forwards a cancel request to every instance on the database', async () => {
    const url = await freshDatabase();
    const a = await open(url);
    const b = await open(url);
    const heard: string[] = [];
    a.onCancelRequest((id) => heard.push(id));
    expect(await b.requestCancel(jobId(3))).toBe(true);
    await expect.poll(() => heard).toEqual([jobId(3)]);
  });

  it('refuses an image for a job it has no record of', async () => {
    const s = await open(await freshDatabase());
    await expect(s.saveImage(jobId(5), 0, new Uint8Array([1]))).rejects.toThrow();
    expect((await s.health()).ok).toBe(false);
    await s.saveRecord(jobRecord(5));
    expect((await s.health()).ok).toBe(true);
  });
});

describe.skipIf(skip)('PgCounters', () => {
  it('holds a daily image budget exactly across instances: 50 concurrent requests on two pools, 10 admitted', async () => {
    const url = await freshDatabase();
    const pools = [new pg.Pool({ connectionString: url, max: 5 }), new pg.Pool({ connectionString: url, max: 5 })];
    await migrate(pools[0]!);
    const limits = pools.map((p) => new UsageLimits(() => ({ requestsPerMinute: 1000, imagesPerDay: 10 }), new PgCounters(p)));
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => limits[i % 2]!.admit('ana', 1)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    expect((await limits[1]!.remaining('ana')).imagesToday).toBe(0);
    await Promise.all(pools.map((p) => p.end()));
  });

  it('resets a counter when its window ends, and never one without a window', async () => {
    const url = await freshDatabase();
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    await migrate(pool);
    const counters = new PgCounters(pool);
    const day = { key: 'images:ana', cap: 2, windowMs: 1_000 };
    const month = { key: 'usd-month:ana@2026-05', cap: 2, windowMs: null };
    expect((await counters.take([{ spec: day, points: 2, into: 'used' }, { spec: month, points: 2, into: 'reserved' }], 10_000)).refused).toBeUndefined();
    expect(await counters.take([{ spec: day, points: 1, into: 'used' }], 10_999)).toMatchObject({ refused: 0, states: [{ used: 2, windowEnd: 11_000 }] });
    expect((await counters.take([{ spec: day, points: 1, into: 'used' }], 11_000)).refused).toBeUndefined();
    await counters.adjust([{ spec: month, reserved: -5 }], 20_000);
    expect(await counters.get([day, month], 11_500)).toEqual([
      { used: 1, reserved: 0, windowEnd: 12_000 },
      { used: 0, reserved: 0, windowEnd: null },
    ]);
    await pool.end();
  });

  it('reserves spend estimates exactly across instances and settles them with the actual cost', async () => {
    const url = await freshDatabase();
    const pools = [new pg.Pool({ connectionString: url, max: 5 }), new pg.Pool({ connectionString: url, max: 5 })];
    await migrate(pools[0]!);
    const limitsOf = { requestsPerMinute: 1000, imagesPerDay: 1000, spendPerDayUsd: 0.01, spendPerMonthUsd: 1 };
    const limits = pools.map((p) => new UsageLimits(() => limitsOf, new PgCounters(p)));
    expect(limits[0]!.durable).toBe(true);
    const results = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => limits[i % 2]!.admit('ana', 1, 0.004)));
    const admitted = results.flatMap((r, i) => (r.status === 'fulfilled' ? [{ admission: r.value, by: limits[i % 2]! }] : []));
    expect(admitted).toHaveLength(2);
    expect((await limits[0]!.remaining('ana')).spendTodayUsd).toBeCloseTo(0.002, 6);
    // Each settled by the instance that admitted it (where its job ran): reservations become what the images cost.
    await admitted[0]!.by.settle(admitted[0]!.admission, 1, 0.003);
    await admitted[1]!.by.settle(admitted[1]!.admission, 0, 0);
    const left = await limits[0]!.remaining('ana');
    expect(left.spendTodayUsd).toBeCloseTo(0.007, 6);
    expect(left.spendThisMonthUsd).toBeCloseTo(0.997, 6);
    expect(left.imagesToday).toBe(999);
    await Promise.all(pools.map((p) => p.end()));
  });
});
