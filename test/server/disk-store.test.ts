/** The default job store on disk: atomic files, retention, a cap on disk use, restart marking. */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiskJobStore } from '../../server/jobs/disk-store';
import type { JobRecord } from '../../server/jobs/store';

const id = (n: number) => `job_${n.toString(16).padStart(32, '0')}`;
const record = (n: number, over: Partial<JobRecord> = {}): JobRecord => ({
  id: id(n),
  owner: 'ana',
  kind: 'generation',
  status: 'succeeded',
  createdAt: 1_000 + n,
  finishedAt: 2_000 + n,
  summary: { model: 'gpt-image-2', size: '1024x1024', quality: 'low', n: 1 },
  images: [{ index: 0, size: '1024x1024', outputFormat: 'png', bytes: 1000 }],
  ...over,
});

async function store(maxBytes = 1e9, retentionMs = 1e12) {
  const s = new DiskJobStore({ dir: mkdtempSync(join(tmpdir(), 'fgm-store-')), retentionMs, maxBytes });
  await s.init();
  return s;
}

describe('DiskJobStore', () => {
  it('keeps records and images and lists an owner’s jobs newest first', async () => {
    const s = await store();
    await s.saveRecord(record(1));
    await s.saveRecord(record(2));
    await s.saveRecord(record(3, { owner: 'ben' }));
    await s.saveImage(id(1), 0, new Uint8Array([1, 2, 3]));
    expect((await s.list('ana', 10)).map((r) => r.id)).toEqual([id(2), id(1)]);
    expect(Array.from((await s.readImage(id(1), 0))!)).toEqual([1, 2, 3]);
    expect(await s.readImage(id(1), 1)).toBeUndefined();
    expect(await s.getRecord('../../etc/passwd')).toBeUndefined();
    expect((await s.health()).jobs).toBe(3);
  });

  it('marks jobs left running by a dead process as interrupted', async () => {
    const s = await store();
    await s.saveRecord(record(1, { status: 'running', finishedAt: undefined }));
    await s.saveRecord(record(2));
    expect(await s.markInterrupted()).toBe(1);
    expect(await s.getRecord(id(1))).toMatchObject({ status: 'interrupted', error: { code: 'job_interrupted' } });
    expect((await s.getRecord(id(2)))!.status).toBe('succeeded');
  });

  it('drops finished jobs past the retention period, never running ones', async () => {
    const s = await store(1e9, 10_000);
    await s.saveRecord(record(1, { finishedAt: 0 }));
    await s.saveRecord(record(2, { finishedAt: 95_000 }));
    await s.saveRecord(record(3, { status: 'running', finishedAt: undefined, createdAt: 0 }));
    await s.prune(100_000);
    expect((await s.list('ana', 10)).map((r) => r.id).sort()).toEqual([id(2), id(3)]);
  });

  it('keeps under its disk cap by dropping the oldest finished jobs first', async () => {
    const s = await store(25_000);
    for (let n = 1; n <= 5; n++) {
      await s.saveRecord(record(n));
      await s.saveImage(id(n), 0, new Uint8Array(10_000));
    }
    await s.prune(3_000);
    const left = (await s.list('ana', 10)).map((r) => r.id);
    expect(left).toEqual([id(5), id(4)]);
    expect((await s.health()).bytes).toBeLessThanOrEqual(25_000);
  });

  it('writes atomically: no temporary files are left behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fgm-store-'));
    const s = new DiskJobStore({ dir, retentionMs: 1e12, maxBytes: 1e9 });
    await s.init();
    await Promise.all(Array.from({ length: 20 }, (_, i) => s.saveRecord(record(1, { createdAt: i }))));
    expect(readdirSync(join(dir, 'jobs', id(1)))).toEqual(['job.json']);
    // Writes to one record land in the order they were made.
    expect((await s.getRecord(id(1)))!.createdAt).toBe(19);
  });
});
