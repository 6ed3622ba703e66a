/**
 * Where jobs and their final images are kept so that nothing paid for is lost: a folder on disk by default
 * (disk-store.ts, one backend instance), or PostgreSQL (pg-store.ts, FIGMENT_DATABASE_URL) for several instances
 * sharing one database. Both pass one contract suite (test/server/store-contract.ts).
 */
import type { ApiError, ImageUsage } from '../../contract/api';
import type { JobKind, JobStatus, JobSummary } from './job';
import type { UsageEntry } from './usage-ledger';

export interface StoredImage {
  index: number;
  size: string;
  outputFormat: string;
  bytes: number;
  usage?: ImageUsage;
}

export interface JobRecord {
  id: string;
  owner: string;
  kind: JobKind;
  status: JobStatus;
  createdAt: number;
  finishedAt?: number;
  summary: JobSummary;
  images: StoredImage[];
  error?: ApiError;
  /** Why a final image (or this record) could not be kept, when the store failed; the image was still relayed. */
  unsaved?: string;
  /** The Responses API response this job produced (conversation turns). */
  responseId?: string;
}

export interface JobStore {
  /** Writes (or replaces) a job's record. */
  saveRecord(record: JobRecord): Promise<void>;
  /** Keeps one final image; done before the image is sent on to anyone. */
  saveImage(jobId: string, index: number, bytes: Uint8Array): Promise<void>;
  getRecord(jobId: string): Promise<JobRecord | undefined>;
  readImage(jobId: string, index: number): Promise<Uint8Array | undefined>;
  /** An owner's jobs, or with `undefined` every token's (team history), newest first. */
  list(owner: string | undefined, limit: number): Promise<JobRecord[]>;
  /**
   * Jobs still marked running whose backend is gone (this one restarted, or, sharing a database, another
   * instance's lease lapsed) can never finish: marks them interrupted, keeping their images. Returns how many.
   */
  markInterrupted(): Promise<number>;
  /** Drops jobs past the retention period, then the oldest until the store is under its size cap. */
  prune(now?: number): Promise<void>;
  /** The token whose job produced a Responses API response, for `previous_response_id`. */
  responseOwner(responseId: string): Promise<string | undefined>;
  /** What /v1/health reports; answered from an index, never by walking the store. */
  health(): Promise<{ ok: boolean; jobs: number; bytes: number }>;
  /** Appends one image's usage to the ledger, durably; kept whatever happens to the job (see usage-ledger.ts). */
  recordUsage(entry: UsageEntry): Promise<void>;
  /** Ledger entries with `from <= at < to` (Unix ms). */
  readUsage(from: number, to: number): Promise<UsageEntry[]>;
  /**
   * Asks the instance running a job, if another instance may be, to cancel it (see `onCancelRequest`). False when
   * no other instance can be running it (one backend on its own disk).
   */
  requestCancel(jobId: string): Promise<boolean>;
  /** Hears cancel requests (from `requestCancel` on any instance) for jobs this instance may be running. */
  onCancelRequest(listener: (jobId: string) => void): void;
  /** Releases what the store holds (connections, timers); pending writes are finished first. */
  close(): Promise<void>;
}
