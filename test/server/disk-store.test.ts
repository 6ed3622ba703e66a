/** The default job store on disk: atomic files, retention, a cap on disk use, restart marking. */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiskJobStore } from '../../server/jobs/disk-store';
import type { JobRecord } from '../../server/jobs/store';
import { solidPng } from './helpers';

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

  it('holds its disk cap as images are written, dropping the oldest finished jobs first, never running ones', async () => {
    const s = await store(25_000);
    await s.saveRecord(record(0, { status: 'running', finishedAt: undefined, createdAt: 0 }));
    await s.saveImage(id(0), 0, new Uint8Array(5_000));
    for (let n = 1; n <= 5; n++) {
      await s.saveRecord(record(n));
      await s.saveImage(id(n), 0, new Uint8Array(8_000));
      expect((await s.health()).bytes).toBeLessThanOrEqual(25_000);
    }
    const left = (await s.list('ana', 10)).map((r) => r.id);
    expect(left).toContain(id(0));
    expect(left).toContain(id(5));
    expect(left).not.toContain(id(1));
  });

  it('rebuilds a record from the image files a crash left unrecorded, and removes half-written temp files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fgm-store-'));
    const folder = join(dir, 'jobs', id(7));
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'job.json'), JSON.stringify(record(7, { status: 'running', finishedAt: undefined, images: [] })));
    writeFileSync(join(folder, 'image-0'), solidPng(64, 48));
    writeFileSync(join(folder, 'image-1'), solidPng(64, 48));
    writeFileSync(join(folder, 'job.json.123.4.tmp'), '{"half');
    const s = new DiskJobStore({ dir, retentionMs: 1e12, maxBytes: 1e9 });
    await s.init();
    expect(await s.markInterrupted()).toBe(1);
    const mended = (await s.getRecord(id(7)))!;
    expect(mended.status).toBe('interrupted');
    expect(mended.images.map((i) => [i.index, i.size, i.outputFormat])).toEqual([
      [0, '64x48', 'png'],
      [1, '64x48', 'png'],
    ]);
    expect(readdirSync(folder).sort()).toEqual(['image-0', 'image-1', 'job.json']);
  });

  it('answers health and listings from its index, not by walking the disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fgm-store-'));
    const s = new DiskJobStore({ dir, retentionMs: 1e12, maxBytes: 1e9 });
    await s.init();
    for (let n = 1; n <= 3; n++) {
      await s.saveRecord(record(n));
      await s.saveImage(id(n), 0, new Uint8Array(1_000));
    }
    const before = await s.health();
    expect(before.jobs).toBe(3);
    expect(before.bytes).toBeGreaterThanOrEqual(3_000);
    // Someone else's folder in the data directory is not the store's business, and is never read.
    mkdirSync(join(dir, 'jobs', 'not-a-job'));
    rmSync(join(dir, 'jobs', id(1), 'image-0'));
    expect(await s.health()).toEqual(before);
  });

  it('keeps folders 0700 and files 0600', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fgm-store-'));
    const s = new DiskJobStore({ dir, retentionMs: 1e12, maxBytes: 1e9 });
    await s.init();
    await s.saveRecord(record(1));
    await s.saveImage(id(1), 0, new Uint8Array(10));
    const mode = (p: string) => statSync(p).mode & 0o777;
    expect(mode(join(dir, 'jobs'))).toBe(0o700);
    expect(mode(join(dir, 'jobs', id(1)))).toBe(0o700);
    expect(mode(join(dir, 'jobs', id(1), 'job.json'))).toBe(0o600);
    expect(mode(join(dir, 'jobs', id(1), 'image-0'))).toBe(0o600);
  });
});
