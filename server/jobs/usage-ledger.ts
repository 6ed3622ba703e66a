/**
 * The usage ledger: one entry per final image, written when the image completes, from the `usage` OpenAI
 * reported for it and priced at that moment. It outlives the jobs (retention and DELETE never touch it), so
 * finance can ask who spent what after the images are gone. On disk it is `usage.jsonl` in the data directory,
 * beside the jobs: one JSON line per entry, appended and fsynced (a torn last line after a crash is skipped); on
 * PostgreSQL, the `figment_usage` table (pg-store.ts).
 */
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface UsageEntry {
  /** Unix milliseconds when the image completed. */
  at: number;
  /** The access token's name (never the token). */
  token: string;
  jobId: string;
  model: string;
  images: number;
  inputTextTokens: number;
  inputImageTokens: number;
  outputTokens: number;
  usd: number;
  /** OpenAI reported no usage for this image: `usd` is the estimate reserved for it. */
  estimated?: boolean;
}

export const USAGE_FILE = 'usage.jsonl';

export class UsageFile {
  private readonly path: string;
  /** Appends in order, one at a time, so lines never interleave. */
  private tail: Promise<void> = Promise.resolve();

  constructor(dir: string) {
    this.path = join(dir, USAGE_FILE);
  }

  append(entry: UsageEntry): Promise<void> {
    const line = `${JSON.stringify(entry)}\n`;
    const write = this.tail.then(async () => {
      const file = await open(this.path, 'a', 0o600);
      try {
        await file.appendFile(line);
        await file.datasync();
      } finally {
        await file.close();
      }
    });
    this.tail = write.catch(() => undefined);
    return write;
  }

  /** Entries with `from <= at < to`. */
  async read(from: number, to: number): Promise<UsageEntry[]> {
    await this.tail;
    const text = await readFile(this.path, 'utf8').catch((error: { code?: string }) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    const entries: UsageEntry[] = [];
    for (const line of text.split('\n')) {
      if (!line) continue;
      let entry: UsageEntry;
      try {
        entry = JSON.parse(line) as UsageEntry;
      } catch {
        continue; // A line torn by a crash mid-append.
      }
      if (entry.at >= from && entry.at < to) entries.push(entry);
    }
    return entries;
  }
}
