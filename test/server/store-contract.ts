/**
 * What every job store promises (server/jobs/store.ts), run against each one: the disk store
 * (disk-store.test.ts) and PostgreSQL (pg-store.test.ts). A store's own details are tested beside it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { JobRecord, JobStore } from '../../server/jobs/store';
import type { UsageEntry } from '../../server/jobs/usage-ledger';

export interface StoreLimits {
  maxBytes?: number;
  retentionMs?: number;
}

/** A store on fresh storage, and a way to open a second one on the same storage (a restart, or another instance). */
export interface StorePlace {
  store: JobStore;
  reopen(): Promise<JobStore>;
}

export const jobId = (n: number) => `job_${n.toString(16).padStart(32, '0')}`;

export const jobRecord = (n: number, over: Partial<JobRecord> = {}): JobRecord => ({
  id: jobId(n),
  owner: 'ana',
  kind: 'generation',
  status: 'succeeded',
  createdAt: 1_000 + n,
  finishedAt: 2_000 + n,
  summary: { model: 'gpt-image-2', size: '1024x1024', quality: 'low', n: 1 },
  images: [{ index: 0, size: '1024x1024', outputFormat: 'png', bytes: 1000 }],
  ...over,
});

const usage = (at: number, token = 'ana'): UsageEntry => ({
  at,
  token,
  jobId: jobId(1),
  model: 'gpt-image-2',
  images: 1,
  inputTextTokens: 10,
  inputImageTokens: 0,
  outputTokens: 100,
  usd: 0.01,
});

export function storeContract(name: string, open: (limits?: StoreLimits) => Promise<StorePlace>): void {
  describe(`${name}: the job store contract`, () => {
    const opened: JobStore[] = [];
    const place = async (limits?: StoreLimits) => {
      const p = await open(limits);
      opened.push(p.store);
      return { store: p.store, reopen: async () => opened[opened.push(await p.reopen()) - 1]! };
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    it('keeps records and images and lists an owner’s jobs newest first', async () => {
      const { store: s } = await place();
      await s.saveRecord(jobRecord(1));
      await s.saveRecord(jobRecord(2));
      await s.saveRecord(jobRecord(3, { owner: 'ben' }));
      await s.saveImage(jobId(1), 0, new Uint8Array([1, 2, 3]));
      expect((await s.list('ana', 10)).map((r) => r.id)).toEqual([jobId(2), jobId(1)]);
      expect((await s.list('ana', 1)).map((r) => r.id)).toEqual([jobId(2)]);
      // Each listed record names its token (JobInfo.owner: who ran it, Recent's Mine filter).
      expect((await s.list('ben', 10)).map((r) => [r.id, r.owner])).toEqual([[jobId(3), 'ben']]);
      expect(await s.getRecord(jobId(3))).toEqual(jobRecord(3, { owner: 'ben' }));
      expect(Array.from((await s.readImage(jobId(1), 0))!)).toEqual([1, 2, 3]);
      expect(await s.readImage(jobId(1), 1)).toBeUndefined();
      expect(await s.readImage(jobId(1), -1)).toBeUndefined();
      expect(await s.getRecord('../../etc/passwd')).toBeUndefined();
      expect(await s.getRecord(jobId(9))).toBeUndefined();
      expect(await s.health()).toMatchObject({ ok: true, jobs: 3 });
    });

    it('lists every owner’s jobs newest first when asked for no owner (team history)', async () => {
      const { store: s, reopen } = await place();
      await s.saveRecord(jobRecord(1));
      await s.saveRecord(jobRecord(2, { owner: 'ben' }));
      await s.saveRecord(jobRecord(3));
      await s.saveRecord(jobRecord(4, { owner: 'cleo', status: 'running' }));
      const all = [[jobId(4), 'cleo'], [jobId(3), 'ana'], [jobId(2), 'ben'], [jobId(1), 'ana']];
      expect((await s.list(undefined, 10)).map((r) => [r.id, r.owner])).toEqual(all);
      expect((await s.list(undefined, 2)).map((r) => r.id)).toEqual([jobId(4), jobId(3)]);
      // An owner's list is unchanged beside it, and a reopened store (its index rebuilt) lists the same.
      expect((await s.list('ana', 10)).map((r) => r.id)).toEqual([jobId(3), jobId(1)]);
      expect((await (await reopen()).list(undefined, 10)).map((r) => [r.id, r.owner])).toEqual(all);
    });

    it('lands writes to one record in the order they were made', async () => {
      const { store: s } = await place();
      await Promise.all(Array.from({ length: 20 }, (_, i) => s.saveRecord(jobRecord(1, { createdAt: i }))));
      expect((await s.getRecord(jobId(1)))!.createdAt).toBe(19);
    });

    it('loses nothing across a restart, and marks the jobs it left running interrupted, keeping their images', async () => {
      const p = await place();
      await p.store.saveRecord(jobRecord(1, { status: 'running', finishedAt: undefined, images: [] }));
      await p.store.saveImage(jobId(1), 0, new Uint8Array([7, 7]));
      await p.store.saveRecord(jobRecord(2));
      await p.store.saveImage(jobId(2), 0, new Uint8Array([9]));
      await p.store.recordUsage(usage(5_000));
      await p.store.close();
      opened.splice(opened.indexOf(p.store), 1);
      const s = await p.reopen();
      expect(await s.markInterrupted()).toBe(1);
      expect(await s.markInterrupted()).toBe(0);
      const interrupted = (await s.getRecord(jobId(1)))!;
      expect(interrupted).toMatchObject({ status: 'interrupted', error: { code: 'job_interrupted' } });
      expect(interrupted.finishedAt).toBeGreaterThan(0);
      expect(Array.from((await s.readImage(jobId(1), 0))!)).toEqual([7, 7]);
      expect((await s.getRecord(jobId(2)))!.status).toBe('succeeded');
      expect(Array.from((await s.readImage(jobId(2), 0))!)).toEqual([9]);
      expect(await s.readUsage(0, 10_000)).toEqual([usage(5_000)]);
      expect((await s.health()).jobs).toBe(2);
    });

    it('drops finished jobs past the retention period, never running ones', async () => {
      const { store: s } = await place({ retentionMs: 10_000 });
      await s.saveRecord(jobRecord(1, { finishedAt: 0 }));
      await s.saveRecord(jobRecord(2, { finishedAt: 95_000 }));
      await s.saveRecord(jobRecord(3, { status: 'running', finishedAt: undefined, createdAt: 0 }));
      await s.saveImage(jobId(1), 0, new Uint8Array(10));
      await s.prune(100_000);
      expect((await s.list('ana', 10)).map((r) => r.id).sort()).toEqual([jobId(2), jobId(3)]);
      expect(await s.readImage(jobId(1), 0)).toBeUndefined();
      expect((await s.health()).jobs).toBe(2);
    });

    it('holds its size cap as images are written, dropping the oldest finished jobs first, never running ones', async () => {
      const { store: s } = await place({ maxBytes: 25_000 });
      await s.saveRecord(jobRecord(0, { status: 'running', finishedAt: undefined, createdAt: 0 }));
      await s.saveImage(jobId(0), 0, new Uint8Array(5_000));
      for (let n = 1; n <= 5; n++) {
        await s.saveRecord(jobRecord(n));
        await s.saveImage(jobId(n), 0, new Uint8Array(8_000));
        expect((await s.health()).bytes).toBeLessThanOrEqual(25_000);
      }
      const left = (await s.list('ana', 10)).map((r) => r.id);
      expect(left).toContain(jobId(0));
      expect(left).toContain(jobId(5));
      expect(left).not.toContain(jobId(1));
      expect((await s.health()).bytes).toBeGreaterThanOrEqual(13_000);
    });

    it('finds the owner of a Responses API response', async () => {
      const { store: s } = await place();
      await s.saveRecord(jobRecord(1, { kind: 'conversation', responseId: 'resp_abc', owner: 'ben' }));
      expect(await s.responseOwner('resp_abc')).toBe('ben');
      expect(await s.responseOwner('resp_other')).toBeUndefined();
    });

    it('keeps the usage ledger apart from the jobs: in order, by time range, untouched by pruning', async () => {
      const { store: s } = await place({ retentionMs: 1 });
      await s.saveRecord(jobRecord(1, { finishedAt: 0 }));
      await Promise.all([usage(100), usage(200, 'ben'), usage(300)].map((e) => s.recordUsage(e)));
      await s.prune(1e9);
      expect(await s.getRecord(jobId(1))).toBeUndefined();
      expect((await s.readUsage(0, 1_000)).map((e) => [e.at, e.token]).sort()).toEqual([
        [100, 'ana'],
        [200, 'ben'],
        [300, 'ana'],
      ]);
      expect((await s.readUsage(200, 300)).map((e) => e.at)).toEqual([200]);
    });

  });
}
