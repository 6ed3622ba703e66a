/**
 * The default job store: one folder per job under `FIGMENT_DATA_DIR/jobs`, holding `job.json` and
 * `image-<n>`. Every file is written atomically (temp file + rename, see atomic-write.ts), so a crash never
 * leaves half a record or half an image; images are fsynced before they are sent on. Folders are 0700 and
 * files 0600: images and prompts are the team's. An in-memory index (store-index.ts), built once at start-up,
 * answers health and listings and enforces the disk cap as images are written.
 */
import { mkdir, readdir, readFile, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { imageSize } from 'image-size';
import { writeAtomic } from './atomic-write';
import { interruptedError } from './interrupted';
import { StoreWrites } from './store-writes';
import { StoreIndex } from './store-index';
import type { JobRecord, JobStore, StoredImage } from './store';
import { UsageFile, type UsageEntry } from './usage-ledger';

export interface DiskStoreOptions {
  dir: string;
  retentionMs: number;
  maxBytes: number;
  /** The file-system write (tests inject failures such as ENOSPC here). */
  write?: typeof writeAtomic;
}

const JOB_ID = /^job_[a-f0-9]{32}$/;
const IMAGE_FILE = /^image-(0|[1-9]\d*)$/;
const FORMATS: Record<string, string> = { png: 'png', jpg: 'jpeg', webp: 'webp' };

export class DiskJobStore implements JobStore {
  private readonly root: string;
  private readonly write: typeof writeAtomic;
  private readonly index = new StoreIndex();
  /** Job folders known to exist, so each job pays for one mkdir. */
  private readonly folders = new Set<string>();
  private readonly writes = new StoreWrites();
  /** The usage ledger, beside the jobs folder: retention and pruning never touch it. */
  private readonly ledger: UsageFile;

  constructor(private readonly options: DiskStoreOptions) {
    this.root = join(options.dir, 'jobs');
    this.write = options.write ?? writeAtomic;
    this.ledger = new UsageFile(options.dir);
  }

  recordUsage(entry: UsageEntry): Promise<void> {
    return this.ledger.append(entry);
  }

  readUsage(from: number, to: number): Promise<UsageEntry[]> {
    return this.ledger.read(from, to);
  }

  /** Creates the folder and reads every job once into the index, mending what a crash left (see `mend`). */
  async init(): Promise<void> {
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    const names = (await readdir(this.root)).filter((n) => JOB_ID.test(n));
    for (let i = 0; i < names.length; i += 64) await Promise.all(names.slice(i, i + 64).map((n) => this.load(n)));
  }

  /** Indexes one job folder: drops temp files a crash left and lists image files its record does not name. */
  private async load(jobId: string): Promise<void> {
    const folder = this.folder(jobId);
    const files = await readdir(folder).catch(() => [] as string[]);
    let record = await this.getRecord(jobId);
    if (!record) return;
    let imageBytes = 0;
    const found: StoredImage[] = [];
    for (const name of files) {
      if (name.endsWith('.tmp')) {
        await unlink(join(folder, name)).catch(() => undefined);
        continue;
      }
      const match = IMAGE_FILE.exec(name);
      if (!match) continue;
      const bytes = await readFile(join(folder, name)).catch(() => undefined);
      if (!bytes) continue;
      imageBytes += bytes.length;
      const index = Number(match[1]);
      if (record.images.some((i) => i.index === index)) continue;
      found.push(imageEntry(index, bytes));
    }
    this.folders.add(folder);
    const recordBytes = (await stat(join(folder, 'job.json')).catch(() => undefined))?.size ?? 0;
    this.index.putRecord(record, recordBytes);
    this.index.addImageBytes(jobId, imageBytes);
    if (found.length > 0) {
      // The process died after an image was kept but before its record said so: the image is the truth.
      record = { ...record, images: [...record.images, ...found].sort((a, b) => a.index - b.index) };
      await this.saveRecord(record);
    }
  }

  private folder(jobId: string): string {
    if (!JOB_ID.test(jobId)) throw new Error('invalid job id');
    return join(this.root, jobId);
  }

  private async ensureFolder(jobId: string): Promise<string> {
    const folder = this.folder(jobId);
    if (!this.folders.has(folder)) {
      await mkdir(folder, { recursive: true, mode: 0o700 });
      this.folders.add(folder);
    }
    return folder;
  }

  /** Records are small and rewritten as the job moves; images are what was paid for, so they are fsynced. */
  async saveRecord(record: JobRecord): Promise<void> {
    const json = JSON.stringify(record);
    await this.writes.inOrder(record.id, async () => {
      const folder = await this.ensureFolder(record.id);
      await this.writes.tracked(this.write(join(folder, 'job.json'), json, { fsync: false }));
      this.index.putRecord(record, Buffer.byteLength(json));
    });
  }

  /** Keeps an image, then holds the store to its cap by dropping the oldest finished jobs. */
  async saveImage(jobId: string, index: number, bytes: Uint8Array): Promise<void> {
    const folder = await this.ensureFolder(jobId);
    await this.writes.tracked(this.write(join(folder, `image-${index}`), bytes, { fsync: true }));
    this.index.addImageBytes(jobId, bytes.length);
    await this.enforceCap();
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

  async list(owner: string | undefined, limit: number): Promise<JobRecord[]> {
    const records = await Promise.all(this.index.idsOf(owner, limit).map((id) => this.getRecord(id)));
    return records.filter((r): r is JobRecord => r !== undefined);
  }

  async responseOwner(responseId: string): Promise<string | undefined> {
    return this.index.jobOfResponse(responseId)?.owner;
  }

  async markInterrupted(): Promise<number> {
    const stale = this.index.running();
    const now = Date.now();
    let count = 0;
    for (const entry of stale) {
      const r = await this.getRecord(entry.id);
      if (!r || r.status !== 'running') continue;
      count++;
      await this.saveRecord({
        ...r,
        status: 'interrupted',
        finishedAt: now,
        error: interruptedError,
      });
    }
    return count;
  }

  async prune(now = Date.now()): Promise<void> {
    for (const entry of this.index.finishedOldestFirst()) {
      if (now - (entry.finishedAt ?? entry.createdAt) > this.options.retentionMs) await this.remove(entry.id);
    }
    await this.enforceCap();
  }

  private async enforceCap(): Promise<void> {
    if (this.index.bytes <= this.options.maxBytes) return;
    for (const entry of this.index.finishedOldestFirst()) {
      if (this.index.bytes <= this.options.maxBytes) break;
      await this.remove(entry.id);
    }
  }

  private async remove(jobId: string): Promise<void> {
    const folder = this.folder(jobId);
    this.folders.delete(folder);
    this.index.remove(jobId);
    await rm(folder, { recursive: true, force: true });
  }

  async health(): Promise<{ ok: boolean; jobs: number; bytes: number }> {
    return { ok: !this.writes.failing, jobs: this.index.jobs, bytes: this.index.bytes };
  }

  /** One backend owns this folder: a job it is not running is running nowhere. */
  async requestCancel(_jobId: string): Promise<boolean> {
    return false;
  }

  onCancelRequest(): void {}

  async close(): Promise<void> {
    await this.writes.drain();
  }
}

/** What the store knows of an image found on disk without its record entry (usage is not known). */
function imageEntry(index: number, bytes: Uint8Array): StoredImage {
  try {
    const info = imageSize(bytes);
    return { index, size: `${info.width}x${info.height}`, outputFormat: FORMATS[info.type ?? ''] ?? 'png', bytes: bytes.length };
  } catch {
    return { index, size: 'auto', outputFormat: 'png', bytes: bytes.length };
  }
}
