/**
 * The job store's in-memory index: every job's owner, age, state and bytes on disk, kept as jobs change, so
 * `/v1/health` answers in constant time, `/v1/jobs` reads only the records it lists, and the disk cap is
 * enforced as images are written without walking the store.
 */
import type { JobRecord } from './store';

export interface IndexEntry {
  id: string;
  owner: string;
  createdAt: number;
  finishedAt?: number;
  running: boolean;
  /** Bytes of the record file. */
  recordBytes: number;
  /** Bytes of the image files. */
  imageBytes: number;
  /** The Responses API response this job produced (conversation turns), for `previous_response_id`. */
  responseId?: string;
}

export class StoreIndex {
  private readonly entries = new Map<string, IndexEntry>();
  private readonly byOwner = new Map<string, Set<string>>();
  private readonly byResponse = new Map<string, string>();
  private total = 0;

  get jobs(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.total;
  }

  get(id: string): IndexEntry | undefined {
    return this.entries.get(id);
  }

  /** Adds or updates a job from its record. */
  putRecord(record: JobRecord, recordBytes: number): IndexEntry {
    let entry = this.entries.get(record.id);
    if (!entry) {
      entry = { id: record.id, owner: record.owner, createdAt: record.createdAt, running: true, recordBytes: 0, imageBytes: 0 };
      this.entries.set(record.id, entry);
      let owned = this.byOwner.get(record.owner);
      if (!owned) this.byOwner.set(record.owner, (owned = new Set()));
      owned.add(record.id);
    }
    entry.running = record.status === 'running';
    entry.finishedAt = record.finishedAt;
    entry.createdAt = record.createdAt;
    this.total += recordBytes - entry.recordBytes;
    entry.recordBytes = recordBytes;
    if (record.responseId) {
      entry.responseId = record.responseId;
      this.byResponse.set(record.responseId, record.id);
    }
    return entry;
  }

  addImageBytes(id: string, bytes: number): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.imageBytes += bytes;
    this.total += bytes;
  }

  remove(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.byOwner.get(entry.owner)?.delete(id);
    if (entry.responseId) this.byResponse.delete(entry.responseId);
    this.total -= entry.recordBytes + entry.imageBytes;
  }

  /** An owner's job ids, or with no owner every token's, newest first. */
  idsOf(owner: string | undefined, limit: number): string[] {
    const ids = owner === undefined ? [...this.entries.keys()] : [...(this.byOwner.get(owner) ?? [])];
    return ids.sort((a, b) => this.entries.get(b)!.createdAt - this.entries.get(a)!.createdAt).slice(0, limit);
  }

  jobOfResponse(responseId: string): IndexEntry | undefined {
    const id = this.byResponse.get(responseId);
    return id === undefined ? undefined : this.entries.get(id);
  }

  running(): IndexEntry[] {
    return [...this.entries.values()].filter((e) => e.running);
  }

  /** Finished jobs, oldest first: the order the cap drops them in. */
  finishedOldestFirst(): IndexEntry[] {
    return [...this.entries.values()].filter((e) => !e.running).sort((a, b) => a.createdAt - b.createdAt);
  }
}
