/**
 * The default job store: one folder per job under `FIGMENT_DATA_DIR/jobs`, holding `job.json` and
 * `image-<n>`. Every file is written atomically (temp file + rename, see atomic-write.ts), so a crash never
 * leaves half a record or half an image; images are fsynced before they are sent on.
 */
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAtomic } from './atomic-write';
import type { JobRecord, JobStore } from './store';

export interface DiskStoreOptions {
  dir: string;
  retentionMs: number;
  maxBytes: number;
}

const JOB_ID = /^job_[a-f0-9]{32}$/;

export class DiskJobStore implements JobStore {
  private readonly root: string;
  /** Job folders known to exist, so each job pays for one mkdir. */
  private readonly folders = new Set<string>();
  /** Record writes per job, in order: a later state must never be overwritten by an earlier one. */
  private readonly recordWrites = new Map<string, Promise<void>>();

  constructor(private readonly options: DiskStoreOptions) {
    this.root = join(options.dir, 'jobs');
  }

  async init(): Promise<void> {
    await mkdir(this.root, { recursive: true });
  }

  private folder(jobId: string): string {
    if (!JOB_ID.test(jobId)) throw new Error('invalid job id');
    return join(this.root, jobId);
  }

  private async ensureFolder(jobId: string): Promise<string> {
    const folder = this.folder(jobId);
    if (!this.folders.has(folder)) {
      await mkdir(folder, { recursive: true });
      this.folders.add(folder);
    }
    return folder;
  }

  /** Records are small and rewritten as the job moves; images are what was paid for, so they are fsynced. */
  async saveRecord(record: JobRecord): Promise<void> {
    const json = JSON.stringify(record);
    const previous = this.recordWrites.get(record.id) ?? Promise.resolve();
    const write = previous.then(async () => {
      const folder = await this.ensureFolder(record.id);
      await writeAtomic(join(folder, 'job.json'), json, { fsync: false });
    });
    const settled = write.catch(() => undefined);
    this.recordWrites.set(record.id, settled);
    void settled.then(() => {
      if (this.recordWrites.get(record.id) === settled) this.recordWrites.delete(record.id);
    });
    await write;
  }

  async saveImage(jobId: string, index: number, bytes: Uint8Array): Promise<void> {
    const folder = await this.ensureFolder(jobId);
    await writeAtomic(join(folder, `image-${index}`), bytes, { fsync: true });
  }

  async getRecord(jobId: string): Promise<JobRecord | undefined> {
    if (!JOB_ID.test(jobId)) return undefined;
    try {
      return JSON.parse(await readFile(join(this.folder(jobId), 'job.json'), 'utf8')) as JobRecord;
    } catch {
      return undefined;
    }
  }

  async readImage(jobId: string, index: number): Promise<Uint8Array | undefined> {
    if (!JOB_ID.test(jobId) || !Number.isInteger(index) || index < 0) return undefined;
    try {
      return await readFile(join(this.folder(jobId), `image-${index}`));
    } catch {
      return undefined;
    }
  }

  private async all(): Promise<JobRecord[]> {
    const names = await readdir(this.root).catch(() => [] as string[]);
    const records = await Promise.all(names.filter((n) => JOB_ID.test(n)).map((n) => this.getRecord(n)));
    return records.filter((r): r is JobRecord => r !== undefined);
  }

  async list(owner: string, limit: number): Promise<JobRecord[]> {
    return (await this.all())
      .filter((r) => r.owner === owner)
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, limit);
  }

  async markInterrupted(): Promise<number> {
    const stale = (await this.all()).filter((r) => r.status === 'running');
    const now = Date.now();
    await Promise.all(
      stale.map((r) =>
        this.saveRecord({
          ...r,
          status: 'interrupted',
          finishedAt: now,
          error: { message: 'The backend restarted while this job was running.', type: 'server_error', param: null, code: 'job_interrupted' },
        }),
      ),
    );
    return stale.length;
  }

  private async sizeOf(jobId: string): Promise<number> {
    const folder = this.folder(jobId);
    const names = await readdir(folder).catch(() => [] as string[]);
    const sizes = await Promise.all(names.map((n) => stat(join(folder, n)).then((s) => s.size, () => 0)));
    return sizes.reduce((a, b) => a + b, 0);
  }

  async prune(now = Date.now()): Promise<void> {
    const finished = (await this.all()).filter((r) => r.status !== 'running');
    const expired = finished.filter((r) => now - (r.finishedAt ?? r.createdAt) > this.options.retentionMs);
    await Promise.all(expired.map((r) => this.remove(r.id)));
    const kept = finished.filter((r) => !expired.includes(r)).sort((a, b) => a.createdAt - b.createdAt);
    const sizes = await Promise.all(kept.map((r) => this.sizeOf(r.id)));
    let total = (await this.health()).bytes;
    for (const [i, record] of kept.entries()) {
      if (total <= this.options.maxBytes) break;
      await this.remove(record.id);
      total -= sizes[i]!;
    }
  }

  private async remove(jobId: string): Promise<void> {
    const folder = this.folder(jobId);
    this.folders.delete(folder);
    await rm(folder, { recursive: true, force: true });
  }

  async health(): Promise<{ ok: boolean; jobs: number; bytes: number }> {
    try {
      const names = (await readdir(this.root)).filter((n) => JOB_ID.test(n));
      const sizes = await Promise.all(names.map((n) => this.sizeOf(n)));
      return { ok: true, jobs: names.length, bytes: sizes.reduce((a, b) => a + b, 0) };
    } catch {
      return { ok: false, jobs: 0, bytes: 0 };
    }
  }
}
