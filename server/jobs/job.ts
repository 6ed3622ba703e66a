/**
 * A job is one generation (or edit): it runs to the end even if the client that started it goes away, so a
 * paid-for image is never dropped. Listeners see its events live; a late listener first gets the finals so
 * far and the latest partial.
 */
import { randomUUID } from 'node:crypto';
import type { ApiError, CompletedImageEvent, ImageUsage, JobStatus } from '../../contract/api';
import { sumUsage } from '../../core/cost';
import { asFailure, type ApiFailure } from '../http/errors';
import type { StreamEvent } from '../providers/types';

export type { JobStatus };
export type JobKind = 'generation' | 'edit' | 'conversation';

export interface JobSummary {
  model: string;
  size: string;
  quality: string;
  n: number;
  /** Kept only when the backend is configured to log prompts. */
  prompt?: string;
}

export type JobListener = (event: StreamEvent) => void;

export class Job {
  readonly id = `job_${randomUUID().replaceAll('-', '')}`;
  readonly createdAt = Date.now();
  finishedAt: number | undefined;
  status: JobStatus = 'running';
  error: ApiError | undefined;
  /** The failure that ended the job (status, error body, headers such as Retry-After), when it failed. */
  failure: ApiFailure | undefined;
  readonly finals: CompletedImageEvent[] = [];
  /** Why an image or the record could not be kept (the store failed); the images were relayed all the same. */
  unsaved: string | undefined;
  /** The Responses API response id this job produced (conversation turns). */
  responseId: string | undefined;
  readonly controller = new AbortController();
  /** Settles when upstream accepted the request, or with the failure that stopped it first. */
  readonly accepted: Promise<void>;
  /** Settles (never rejects) when the job has ended, whatever the outcome. */
  readonly done: Promise<void>;

  /** True once upstream accepted the request: from then on the job is paid for and runs to its end. */
  isAccepted = false;
  /** Settles when the job first waits to retry upstream (before it was accepted). */
  readonly firstWait: Promise<void>;
  private resolveFirstWait!: () => void;
  private readonly waitListeners = new Set<(ms: number, reason: string) => void>();

  private latestPartial: StreamEvent | undefined;
  /** The last event of a Responses API stream (`response.completed`), the answer to a non-streaming client. */
  result: unknown;
  private readonly listeners = new Set<JobListener>();
  private resolveAccepted!: () => void;
  private rejectAccepted!: (failure: ApiFailure) => void;
  private resolveDone!: () => void;

  constructor(
    readonly owner: string,
    readonly kind: JobKind,
    readonly summary: JobSummary,
  ) {
    this.accepted = new Promise((resolve, reject) => {
      this.resolveAccepted = resolve;
      this.rejectAccepted = reject;
    });
    this.accepted.catch(() => undefined);
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
    this.firstWait = new Promise((resolve) => {
      this.resolveFirstWait = resolve;
    });
  }

  /** Upstream asked us to wait (a 429 or 5xx being retried): told to listeners so streams can say so. */
  waiting(ms: number, reason: string): void {
    this.resolveFirstWait();
    for (const listener of this.waitListeners) listener(ms, reason);
  }

  onWait(listener: (ms: number, reason: string) => void): () => void {
    this.waitListeners.add(listener);
    return () => this.waitListeners.delete(listener);
  }

  /** Usage summed over the final images (OpenAI reports it per image). */
  get usage(): ImageUsage {
    return sumUsage(this.finals.map((f) => f.usage));
  }

  subscribe(listener: JobListener): () => void {
    for (const final of this.finals) listener(final);
    if (this.latestPartial && this.status === 'running') listener(this.latestPartial);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  cancel(): void {
    if (this.status === 'running') this.controller.abort();
  }

  markAccepted(): void {
    this.isAccepted = true;
    this.resolveAccepted();
  }

  /** Records an event, after the job store has kept the final image it carries, if any. */
  record(event: StreamEvent, final?: CompletedImageEvent): void {
    if (final) {
      this.finals.push(final);
      this.latestPartial = undefined;
    } else if (event.type.endsWith('partial_image')) {
      this.latestPartial = event;
    }
    for (const listener of this.listeners) listener(event);
  }

  finish(status: Exclude<JobStatus, 'running'>, error?: unknown): void {
    if (this.status !== 'running') return;
    this.status = status;
    this.finishedAt = Date.now();
    this.latestPartial = undefined;
    if (error !== undefined) {
      const failure = asFailure(error);
      this.error = failure.error;
      this.failure = failure;
      this.rejectAccepted(failure);
    }
    this.resolveAccepted();
    this.listeners.clear();
    this.waitListeners.clear();
    this.resolveDone();
  }
}

