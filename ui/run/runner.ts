/**
 * The one runner: it executes every run the planner made, whatever its kind. It owns the runs (a small store the UI
 * subscribes to), their aborts, the object URLs of their images, when each attempt starts (after its anchor, under the
 * session's adaptive limit, again after a 429) and the `apply-image` message. An attempt's stream is ./execute.ts.
 */
import type { MainToUi, UiToMain } from '../../contract/messages';
import { CONCURRENCY } from '../../core/concurrency';
import { AdaptiveLimit, runAdaptive } from '../adaptive-limit';
import { describeError } from '../api/errors';
import type { ObjectUrls } from '../object-urls';
import { applyAnswer, applyMessage } from './apply';
import { Anchors } from './anchors';
import { attemptRun, type Attempt } from './execute';
import { anchorRunOf, isActive, patchRun, type Run } from './run';
import type { StreamDeps } from './streams';

export interface RunnerDeps extends Omit<StreamDeps, 'client'> {
  /** The backend client of the moment (null before settings are known). */
  client(): StreamDeps['client'] | null;
  post(message: UiToMain): void;
  urls: ObjectUrls;
  limit?: AdaptiveLimit;
  now?(): number;
}

export class Runner {
  runs: readonly Run[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly controllers = new Map<string, AbortController>();
  private readonly attempts = new Map<string, number>();
  private readonly reloading = new Set<string>();
  /** Failed runs whose job the backend is being asked about. */
  private readonly checking = new Set<string>();
  /** Anchored sets: each anchor run's first image, and the runs waiting for it. */
  private readonly anchors = new Anchors({ find: (id) => this.find(id), runs: () => this.runs, update: (id, patch) => this.update(id, patch) });
  /** Job cancellations on their way to the backend (a stopped run's DELETE). */
  private readonly cancelling = new Set<Promise<void>>();
  private readonly limit: AdaptiveLimit;
  private readonly now: () => number;

  constructor(private readonly deps: RunnerDeps) {
    // A few requests at first, then the limit adapts (AIMD) to the backend's 429s.
    this.limit = deps.limit ?? new AdaptiveLimit(CONCURRENCY);
    this.now = deps.now ?? (() => Date.now());
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get busy(): boolean {
    return this.runs.some(isActive);
  }

  private update(id: string, patch: Partial<Run>): void {
    this.runs = patchRun(this.runs, id, patch);
    // An anchor that ends without an image: the runs waiting for it cannot be sent.
    if (patch.status === 'failed' || patch.status === 'stopped') this.anchors.ended(id);
    for (const listener of this.listeners) listener();
  }

  private find(id: string): Run | undefined {
    return this.runs.find((r) => r.id === id);
  }

  /** Adds planned runs to the session and starts those that can run (a run planned as failed only shows). */
  start(runs: readonly Run[]): void {
    this.runs = [...this.runs, ...runs];
    for (const listener of this.listeners) listener();
    for (const run of runs) if (isActive(run)) this.execute(run.id);
  }

  /** Runs a failed run again, as planned. */
  retry(id: string): void {
    const run = this.find(id);
    if (!run || run.status !== 'failed') return;
    this.attempts.delete(id);
    this.update(id, { status: 'queued', message: undefined, partialUrl: undefined, partialIndex: undefined, images: [], usage: undefined, jobId: undefined, jobKept: undefined, unreachable: undefined });
    this.execute(id);
    // Retrying an anchor retries the frames that failed for want of it; they wait for it again.
    for (const r of this.runs) if (anchorRunOf(r) === id && r.status === 'failed') this.retry(r.id);
  }

  /**
   * Asks the backend, once it answers again, what it kept of each run's job that failed because it did not answer (`GET /v1/jobs/{id}`); a run
   * whose answer did not come (still unreachable) is asked again at the next call.
   */
  checkJobs(): void {
    const client = this.deps.client();
    if (!client) return;
    for (const run of this.runs) {
      if (run.status !== 'failed' || !run.unreachable || !run.jobId || run.jobKept || this.checking.has(run.id)) continue;
      const { id, jobId } = run;
      this.checking.add(id);
      client.job(jobId).then(
        (job) => {
          this.checking.delete(id);
          if (this.find(id)?.jobId !== jobId) return;
          this.update(id, { jobKept: !job ? 'gone' : job.images.length > 0 ? 'kept' : 'empty' });
        },
        () => this.checking.delete(id),
      );
    }
  }

  /** Stops one run, or every run in flight or queued. */
  stop(id?: string): void {
    for (const [runId, controller] of this.controllers) if (id === undefined || runId === id) controller.abort();
  }

  /**
   * Stops every run and resolves once none is working and each job cancellation has reached the backend (or
   * `timeoutMs` passed): what the start notice's Cancel waits for before the plugin closes.
   */
  async stopAndCancel(timeoutMs = 2000): Promise<void> {
    this.stop();
    // Idle is told by the runner's own listeners (every update), not by polling.
    let off = () => {};
    const idle = new Promise<void>((resolve) => {
      const check = () => !this.busy && resolve();
      off = this.subscribe(check);
      check();
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([idle.then(() => Promise.all([...this.cancelling])), timeout]);
    off();
    clearTimeout(timer);
  }

  /** Puts image `index` of a run on its frame (or in a new frame); another variation can follow it later. */
  apply(id: string, index: number): void {
    const image = this.find(id)?.images[index];
    if (!image) return;
    this.update(id, { status: 'applying' });
    if (image.bytes) return this.deps.post(applyMessage(this.find(id)!, index, image.bytes));
    // Released (scrolled away and back before it reloaded): the job store has it.
    const client = this.deps.client();
    if (!client || !image.kept) return this.update(id, { status: 'failed', message: 'The image is no longer here to apply.' });
    client.jobImage(image.kept).then(
      (bytes) => this.deps.post(applyMessage(this.find(id)!, index, bytes)),
      (error: unknown) => this.update(id, { status: 'choosing', message: describeError(error) }),
    );
  }

  /** The main thread's answer to an `apply-image`; a run of one image placed needs its bytes no more. */
  answer(message: Extract<MainToUi, { type: 'applied' | 'apply-failed' }>): void {
    const { runId, patch } = applyAnswer(message);
    const run = this.find(runId);
    if (!run) return;
    const settled = run.n === 1 ? { images: run.images.map((i) => ({ ...i, bytes: null })) } : {};
    this.update(runId, { ...patch, ...settled });
  }

  /**
   * The chat no longer shows the run (scrolled far away): its images' object URLs and bytes go, when the backend
   * keeps the images to load them again (see `reload`). A run still working or being applied keeps them.
   */
  release(id: string): void {
    const run = this.find(id);
    if (!run || isActive(run) || run.status === 'applying' || !run.images.some((i) => i.url) || !run.images.every((i) => i.kept)) return;
    for (const image of run.images) this.deps.urls.revoke(image.url ?? undefined);
    this.update(id, { images: run.images.map((i) => ({ ...i, url: null, bytes: null })) });
  }

  /** The chat shows a released run again: its images come back from the job store. */
  async reload(id: string): Promise<void> {
    const client = this.deps.client();
    const run = this.find(id);
    if (!client || !run || run.images.every((i) => i.url) || this.reloading.has(id)) return;
    this.reloading.add(id);
    const images = await Promise.all(
      run.images.map(async (image) => {
        if (image.url || !image.kept) return image;
        const bytes = await client.jobImage(image.kept).catch(() => null);
        if (!bytes) return image;
        // Variations keep their bytes to apply; a placed image only needs its picture.
        return { ...image, url: this.deps.urls.create(bytes, 'png'), bytes: run.n > 1 ? bytes : null };
      }),
    );
    this.reloading.delete(id);
    this.update(id, { images });
  }

  dispose(): void {
    this.stop();
    this.deps.urls.revokeAll();
  }

  private execute(id: string): void {
    const controller = new AbortController();
    this.controllers.set(id, controller);
    void this.anchors.ready(id, controller.signal)
      .then((ready) => (ready ? runAdaptive([id], this.limit, () => this.attempt(id, controller.signal), controller.signal) : undefined))
      .finally(() => {
        if (this.controllers.get(id) === controller) this.controllers.delete(id);
      });
  }

  /** One attempt at run `id` (./execute.ts streams it), counted for the rate limit's retries. */
  private async attempt(id: string, signal: AbortSignal): Promise<Attempt> {
    const run = this.find(id)!;
    const client = this.deps.client();
    if (signal.aborted || !client) {
      this.update(id, { status: 'stopped', message: 'Stopped before it started.' });
      return { outcome: 'failed' };
    }
    const attempt = (this.attempts.get(id) ?? 0) + 1;
    this.attempts.set(id, attempt);
    return attemptRun(run, attempt, {
      client,
      readInput: this.deps.readInput,
      anchorImage: (runId) => this.anchors.image(runId),
      urls: this.deps.urls,
      post: this.deps.post,
      current: () => this.find(id),
      update: (patch) => this.update(id, patch),
      keep: (bytes) => this.anchors.keep(id, bytes),
      apply: (index) => this.apply(id, index),
      cancelling: (cancel) => {
        const tracked = cancel.finally(() => this.cancelling.delete(tracked));
        this.cancelling.add(tracked);
      },
      now: this.now,
    }, signal);
  }
}
