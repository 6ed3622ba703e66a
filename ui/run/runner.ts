/**
 * The one runner: it executes every run the planner made, whatever its kind. It owns the runs (a small store the UI
 * subscribes to), their aborts, the object URLs of their images, retries after a 429 under the session's adaptive
 * limit, partial images shown on the frame itself (generations and edits alike), and the `apply-image` message.
 */
import type { MainToUi, UiToMain } from '../../contract/messages';
import { jobImagePath, type ImageUsage } from '../../contract/api';
import { sumUsage } from '../../core/cost';
import { AdaptiveLimit, runAdaptive } from '../adaptive-limit';
import { ApiErrorException, describeError, isUnreachable } from '../api/errors';
import type { ObjectUrls } from '../object-urls';
import { applyAnswer, applyMessage } from './apply';
import { Anchors } from './anchors';
import { anchorRunOf, isActive, patchRun, type Run, type RunImage } from './run';
import { runEvents, type StreamDeps } from './streams';

/** How many requests start at once; the limit then adapts (AIMD) to the backend's 429s. */
export const CONCURRENCY = 4;
/** A rate-limited run is tried this many times before it is reported as failed. */
export const RATE_LIMIT_ATTEMPTS = 6;

type Attempt = { outcome: 'ok' | 'failed' | 'rate-limited'; retryAfterMs?: number; again?: boolean };

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
    this.limit = deps.limit ?? new AdaptiveLimit({ initial: CONCURRENCY });
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

  private async attempt(id: string, signal: AbortSignal): Promise<Attempt> {
    const run = this.find(id)!;
    const client = this.deps.client();
    if (signal.aborted || !client) {
      this.update(id, { status: 'stopped', message: 'Stopped before it started.' });
      return { outcome: 'failed' };
    }
    const attempt = (this.attempts.get(id) ?? 0) + 1;
    this.attempts.set(id, attempt);
    const reads = run.request.route === 'edits' || run.request.route === 'responses';
    this.update(id, { status: reads ? 'reading' : 'running', startedAt: this.now() });
    const { urls, post } = this.deps;
    // Several images are compared in the chat, not previewed on the frame; none is applied until chosen.
    const single = run.n === 1;
    // A Localise copy (beside.duplicate) is made only with its final image, so its partials stay in the chat.
    const previews = single && (run.targetId !== null || (run.beside !== undefined && !run.beside.duplicate));
    let partialUrl: string | undefined;
    let previewed = false;
    /** The job now streaming (a conversation's variations are one job each) and how many finals it sent. */
    let job: { id: string; finals: number } | undefined;
    const images: RunImage[] = [];
    const usages: ImageUsage[] = [];
    const endPreview = () => {
      if (previewed) post({ type: 'preview-end', requestId: id });
    };
    try {
      const anchorImage = (runId: string) => this.anchors.image(runId);
      for await (const event of runEvents(run, { client, readInput: this.deps.readInput, anchorImage }, signal)) {
        if (event.type === 'sent') this.update(id, { status: 'running', ...(event.note ? { message: event.note } : {}) });
        else if (event.type === 'job') {
          job = { id: event.jobId, finals: 0 };
          this.update(id, { jobId: event.jobId });
        }
        else if (event.type === 'partial') {
          if (single && images.length > 0) continue;
          const previous = partialUrl;
          partialUrl = urls.create(event.bytes, 'png');
          this.update(id, { partialUrl, partialIndex: event.index });
          urls.revoke(previous);
          // The partial also shows on the frame itself, replaced by the final image (or undone if none comes).
          if (previews) {
            previewed = true;
            if (run.targetId !== null) post({ type: 'preview-image', requestId: id, nodeId: run.targetId, bytes: event.bytes });
            else post({ type: 'preview-beside', requestId: id, beside: run.beside!, bytes: event.bytes });
          }
        } else if (!single || images.length === 0) {
          const kept = job ? { kept: jobImagePath(job.id, job.finals++) } : {};
          images.push({ ...event.image, url: urls.create(event.image.bytes, 'png'), ...kept });
          this.anchors.keep(id, event.image.bytes);
          if (event.usage) usages.push(event.usage);
          this.update(id, { images: [...images], ...(usages.length ? { usage: sumUsage(usages) } : {}) });
          if (single) this.apply(id, 0);
        }
      }
      if (partialUrl) {
        urls.revoke(partialUrl);
        this.update(id, { partialUrl: undefined });
      }
      if (images.length === 0) {
        endPreview();
        this.update(id, { status: 'failed', message: 'The stream ended before the image was finished.' });
        return { outcome: 'failed' };
      }
      if (!single) {
        const short = images.length < run.n ? `OpenAI sent ${images.length} of ${run.n} images.` : undefined;
        this.update(id, { status: 'choosing', ...(short ? { message: short } : {}) });
      }
      return { outcome: 'ok' };
    } catch (error) {
      if (partialUrl) {
        urls.revoke(partialUrl);
        this.update(id, { partialUrl: undefined });
      }
      if (images.length > 0) {
        // The images that arrived are paid for: they stay, to apply (one is already on its way to the canvas).
        if (!single) this.update(id, { status: 'choosing', message: `${signal.aborted ? 'Stopped.' : describeError(error)} The images that arrived are here to choose from.` });
        return { outcome: 'ok' };
      }
      endPreview();
      const jobId = this.find(id)?.jobId;
      if (signal.aborted) {
        if (jobId) {
          const cancel = client.cancelJob(jobId).finally(() => this.cancelling.delete(cancel));
          this.cancelling.add(cancel);
        }
        this.update(id, { status: 'stopped', message: 'Stopped.' });
        return { outcome: 'failed' };
      }
      if (error instanceof ApiErrorException && error.status === 429 && error.code === 'rate_limited' && attempt < RATE_LIMIT_ATTEMPTS) {
        const seconds = error.retryAfterSeconds ?? 1;
        this.update(id, { status: 'queued', message: `Rate limited; trying again in ${seconds} s.` });
        return { outcome: 'rate-limited', retryAfterMs: seconds * 1000, again: true };
      }
      this.update(id, { status: 'failed', message: describeError(error), ...(isUnreachable(error) ? { unreachable: true } : {}) });
      return { outcome: 'failed' };
    }
  }
}
