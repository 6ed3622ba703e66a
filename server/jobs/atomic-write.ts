/**
 * Atomic file writes for the job store: write a temporary file beside the target, optionally fsync it, then rename
 * it over the target, so a reader (or a restart) sees the old file or the new one, never half of one.
 *
 * This replaces write-file-atomic on the hot path: that library resolves the target through fs.realpath (an
 * lstat per path component) and handles ownership on every write, which cost more than the write itself here.
 * Job folders are created by the store itself, so neither is needed.
 */
import { open, rename, unlink } from 'node:fs/promises';

let counter = 0;

export async function writeAtomic(path: string, data: string | Uint8Array, options: { fsync: boolean }): Promise<void> {
  const temp = `${path}.${process.pid}.${++counter}.tmp`;
  // 0600: job records and images are the team's own; nobody else on the machine reads them.
  const file = await open(temp, 'wx', 0o600);
  try {
    try {
      await file.writeFile(data);
      if (options.fsync) await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
