/**
 * Starts jobs, keeps running ones in memory (for live listeners and cancel) and every job's record and final
 * images in the store, so a plugin that went away finds them later and a restart loses nothing finished.
 */
import type { JobInfo } from '../../contract/api';
import { jobImagePath } from '../../contract/api';
import type { ImageUsage } from '../../contract/api';
import type { ModerationMode } from '../config';
import type { UsageLimits } from '../limits';
import type { Logger } from '../log';
import { moderate, type ModerationCheck, type ModerationInput } from '../moderation';
import { responsesFinal, type EditParams, type GenerationParams, type ImageProvider, type StreamEvent } from '../providers/types';
import type { ValidResponses } from '../validation/responses';
import { sumUsage } from '../../core/cost';
import { Job } from './job';
import type { JobRegistry } from './registry';
import { runJob, type RunHooks } from './runner';
import type { JobRecord, JobStore } from './store';
import { UpstreamMonitor } from './upstream-monitor';

export interface JobServiceOptions {
  provider: ImageProvider;
  registry: JobRegistry;
  store: JobStore;
  logPrompts: boolean;
  moderation?: { check: ModerationCheck | undefined; mode: ModerationMode; images?: boolean };
  limits?: UsageLimits;
  /** Dollars an answer's usage cost, for the spend cap. */
  costOf?: (model: string, usage: ImageUsage) => number;
}

export function recordOf(job: Job): JobRecord {
  return {
    id: job.id,
    owner: job.owner,
    kind: job.kind,
    status: job.status,
    createdAt: job.createdAt,
    ...(job.finishedAt !== undefined ? { finishedAt: job.finishedAt } : {}),
    summary: job.summary,
    images: job.finals.map((f, index) => ({
      index,
      size: f.size,
      outputFormat: f.output_format,
      bytes: Math.floor((f.b64_json.length * 3) / 4),
      usage: f.usage,
    })),
    ...(job.error ? { error: job.error } : {}),
  };
}

export function infoOf(record: JobRecord): JobInfo {
  const usage = sumUsage(record.images.map((i) => i.usage));
  return {
    id: record.id,
    kind: record.kind,
    status: record.status,
    createdAt: record.createdAt,
    ...(record.finishedAt !== undefined ? { finishedAt: record.finishedAt } : {}),
    model: record.summary.model,
    size: record.summary.size,
    quality: record.summary.quality,
    n: record.summary.n,
    images: record.images.map((image) => ({ index: image.index, size: image.size, url: jobImagePath(record.id, image.index) })),
    usage,
    ...(record.error ? { error: record.error } : {}),
  };
}

export class JobService {
  /** Record writes still in flight; shutdown waits for them. */
  private readonly pendingWrites = new Set<Promise<unknown>>();
  readonly upstream = new UpstreamMonitor();

  constructor(private readonly options: JobServiceOptions) {}

  private pending<T>(write: Promise<T>): Promise<T> {
    this.pendingWrites.add(write);
    void write.then(
      () => this.pendingWrites.delete(write),
      () => this.pendingWrites.delete(write),
    );
    return write;
  }

  get registry(): JobRegistry {
    return this.options.registry;
  }

  get store(): JobStore {
    return this.options.store;
  }

  startGeneration(owner: string, params: GenerationParams, log: Logger): Job {
    return this.startImages(owner, 'generation', params, [], log, (signal) => this.options.provider.generate(params, signal));
  }

  startEdit(owner: string, params: EditParams, log: Logger): Job {
    const images = this.options.moderation?.images ? params.images.map((i) => ({ bytes: i.bytes, type: i.type })) : [];
    return this.startImages(owner, 'edit', params, images, log, (signal) => this.options.provider.edit(params, signal));
  }

  /** An Images API job: moderation first (prompt, and uploads when configured), then the provider call. */
  private startImages(
    owner: string,
    kind: 'generation' | 'edit',
    params: Pick<GenerationParams, 'model' | 'prompt' | 'size' | 'quality' | 'n'>,
    images: ModerationInput['images'],
    log: Logger,
    call: (signal: AbortSignal) => Promise<AsyncIterable<StreamEvent>>,
  ): Job {
    const { logPrompts, moderation } = this.options;
    const job = new Job(owner, kind, {
      model: params.model,
      size: params.size,
      quality: params.quality,
      n: params.n,
      ...(logPrompts ? { prompt: params.prompt } : {}),
    });
    const start = async (signal: AbortSignal) => {
      await moderate(moderation?.check, moderation?.mode ?? 'off', { text: params.prompt, images }, signal, log);
      return call(signal);
    };
    this.track(job, start, params.n, log);
    return job;
  }

  /** A conversation turn through the Responses API; its final answer is kept for non-streaming clients. */
  startConversation(owner: string, valid: ValidResponses, log: Logger): Job {
    const { provider, logPrompts, moderation } = this.options;
    const tool = valid.body.tools[0];
    const job = new Job(owner, 'conversation', {
      model: tool.model ?? valid.body.model,
      size: tool.size ?? 'auto',
      quality: tool.quality ?? 'auto',
      n: 1,
      ...(logPrompts ? { prompt: valid.text } : {}),
    });
    this.track(
      job,
      async (signal) => {
        await moderate(moderation?.check, moderation?.mode ?? 'off', { text: valid.text }, signal, log);
        return provider.respond(valid.body, signal);
      },
      1,
      log,
      {
        finalOf: responsesFinal(tool.size ?? '1024x1024'),
        onEvent: (j, event) => {
          if (event.type === 'response.completed') j.result = (event as { response?: unknown }).response;
        },
      },
    );
    return job;
  }

  private track(
    job: Job,
    start: (signal: AbortSignal) => Promise<AsyncIterable<StreamEvent>>,
    expected: number,
    log: Logger,
    hooks: Pick<RunHooks, 'finalOf' | 'onEvent'> = {},
  ): void {
    const { registry, store } = this.options;
    registry.add(job);
    const saved = this.pending(store.saveRecord(recordOf(job))).catch((error: unknown) => log.error('job store failed', { jobId: job.id, error: String(error) }));
    void runJob(job, start, expected, {
      ...hooks,
      onFinal: async (j, image, index) => {
        await saved;
        await store.saveImage(j.id, index, Buffer.from(image.b64_json, 'base64'));
      },
      onEnd: (j) => {
        this.upstream.observe(j);
        void this.settleBudget(j, expected, log);
        void this.pending(
          store
            .saveRecord(recordOf(j))
            .catch((error: unknown) => log.error('job store failed', { jobId: j.id, error: String(error) }))
            .finally(() => registry.forget(j.id)),
        );
        const fields = {
          jobId: j.id,
          token: j.owner,
          kind: j.kind,
          ...j.summary,
          status: j.status,
          images: j.finals.length,
          durationMs: (j.finishedAt ?? Date.now()) - j.createdAt,
          usage: j.usage,
          ...(j.error ? { error: j.error.code } : {}),
        };
        if (j.status === 'failed') log.warn('job ended', fields);
        else log.info('job ended', fields);
      },
    });
  }

  /** Images counted at admission but never produced are refunded; what was produced counts toward spend. */
  private async settleBudget(job: Job, expected: number, log: Logger): Promise<void> {
    const { limits, costOf } = this.options;
    if (!limits) return;
    try {
      await limits.refund(job.owner, expected - job.finals.length);
      if (costOf && job.finals.length > 0) await limits.recordSpend(job.owner, costOf(job.summary.model, job.usage));
    } catch (error) {
      log.error('budget accounting failed', { jobId: job.id, error: String(error) });
    }
  }

  async get(id: string, owner: string): Promise<JobRecord | undefined> {
    const live = this.options.registry.get(id, owner);
    if (live) return recordOf(live);
    const record = await this.options.store.getRecord(id);
    return record && record.owner === owner ? record : undefined;
  }

  async list(owner: string, limit: number): Promise<JobRecord[]> {
    // Live jobs first: one that finishes while the store is being read is then still seen (its store record may
    // have been read before its final write landed).
    const live = this.options.registry.list(owner).map(recordOf);
    const stored = await this.options.store.list(owner, limit);
    const byId = new Map(stored.map((r) => [r.id, r]));
    for (const record of live) byId.set(record.id, record);
    return [...byId.values()].sort((a, b) => b.createdAt - a.createdAt).slice(0, limit);
  }

  /** Waits up to `graceMs` for running jobs to finish, then cancels what is left. */
  async drain(graceMs: number): Promise<void> {
    const running = this.options.registry.running();
    if (running.length === 0) return this.flush();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const grace = new Promise((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([Promise.all(running.map((j) => j.done)), grace]);
    clearTimeout(timer);
    for (const job of running) job.cancel();
    await Promise.all(running.map((j) => j.done));
    await this.flush();
  }

  /** Waits for record writes in flight. */
  async flush(): Promise<void> {
    while (this.pendingWrites.size > 0) await Promise.allSettled([...this.pendingWrites]);
  }
}
