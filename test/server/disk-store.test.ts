/** The default job store on disk: the store contract, then what is the disk's own (atomic files, mending, modes). */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiskJobStore } from '../../server/jobs/disk-store';
import { solidPng } from './helpers';
import { jobId as id, jobRecord as record, storeContract } from './store-contract';

async function openDisk(dir: string, maxBytes = 1e9, retentionMs = 1e12) {
  const s = new DiskJobStore({ dir, retentionMs, maxBytes });
  await s.init();
  return s;
}

storeContract('DiskJobStore', async (limits = {}) => {
  const dir = mkdtempSync(join(tmpdir(), 'fgm-store-'));
  const reopen = () => openDisk(dir, limits.maxBytes, limits.retentionMs);
  return { store: await reopen(), reopen };
});

describe('DiskJobStore', () => {
  it('writes atomically: no temporary files are left behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fgm-store-'));
    const s = new DiskJobStore({ dir, retentionMs: 1e12, maxBytes: 1e9 });
    await s.init();
    await Promise.all(Array.from({ length: 20 }, (_, i) => s.saveRecord(record(1, { createdAt: i }))));
    expect(readdirSync(join(dir, 'jobs', id(1)))).toEqual(['job.json']);
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

  it('is the only instance on its folder: nobody else can be running a job it was asked to cancel', async () => {
    const s = await openDisk(mkdtempSync(join(tmpdir(), 'fgm-store-')));
    await s.saveRecord(record(1, { status: 'running', finishedAt: undefined }));
    expect(await s.requestCancel(id(1))).toBe(false);
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
