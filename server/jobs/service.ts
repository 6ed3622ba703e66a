/**
 * Starts jobs (moderation, the provider call, the budget's admission settled at the end), keeps running ones in
 * memory (for live listeners and cancel) and every job's record and final images in the store, so a plugin that
 * went away finds them later and a restart loses nothing finished. Reading jobs back is jobs/queries.ts.
 */
import type { ImageUsage } from '../../contract/api';
import type { ModerationMode } from '../config';
import type { Admission, UsageLimits } from '../limits';
import type { Logger } from '../log';
import { moderate, type ModerationCheck, type ModerationInput } from '../moderation';
import type { WaitNotice } from '../providers/retry';
import { responsesFinal, type EditParams, type GenerationParams, type ImageProvider, type StreamEvent } from '../providers/types';
import type { ValidResponses } from '../validation/responses';
import { Job } from './job';
import { recordOf } from './records';
import type { JobRegistry } from './registry';
import { runJob, type RunHooks } from './runner';
import type { JobStore } from './store';
import type { UsageEntry } from './usage-ledger';
import { conversationModeration, toolUsageOf } from './conversation';
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

export class JobService {
  /** Record writes still in flight; shutdown waits for them. */
  private readonly pendingWrites = new Set<Promise<unknown>>();
  readonly upstream = new UpstreamMonitor();

  constructor(private readonly options: JobServiceOptions) {
    // Another instance sharing the store was asked to cancel a job this one runs.
    options.store.onCancelRequest((id) => options.registry.running().find((j) => j.id === id)?.cancel());
  }

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

  startGeneration(owner: string, params: GenerationParams, log: Logger, admission?: Admission): Job {
    return this.startImages(owner, 'generation', params, [], log, admission, (signal, onWait) => this.options.provider.generate(params, signal, onWait));
  }

  /** Edits: the prompt, and (when images are moderated) every upload including the mask. */
  startEdit(owner: string, params: EditParams, log: Logger, admission?: Admission): Job {
    const uploads = [...params.images, ...(params.mask ? [params.mask] : [])];
    const images = this.options.moderation?.images ? uploads.map((i) => ({ bytes: i.bytes, type: i.type })) : [];
    return this.startImages(owner, 'edit', params, images, log, admission, (signal, onWait) => this.options.provider.edit(params, signal, onWait));
  }

  /** An Images API job: moderation first (prompt, and uploads when configured), then the provider call. */
  private startImages(
    owner: string,
    kind: 'generation' | 'edit',
    params: Pick<GenerationParams, 'model' | 'prompt' | 'size' | 'quality' | 'n'>,
    images: ModerationInput['images'],
    log: Logger,
    admission: Admission | undefined,
    call: (signal: AbortSignal, onWait: WaitNotice) => Promise<AsyncIterable<StreamEvent>>,
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
      return call(signal, (ms, reason) => job.waiting(ms, reason));
    };
    this.track(job, start, params.n, log, admission);
    return job;
  }

  /** A conversation turn through the Responses API; its final answer is kept for non-streaming clients. */
  startConversation(owner: string, valid: ValidResponses, log: Logger, admission?: Admission): Job {
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
        await moderate(moderation?.check, moderation?.mode ?? 'off', conversationModeration(valid, moderation?.images ?? false), signal, log);
        return provider.respond(valid.body, signal, (ms, reason) => job.waiting(ms, reason));
      },
      1,
      log,
      admission,
      {
        finalOf: responsesFinal(tool.size ?? '1024x1024'),
        onEvent: (j, event) => {
          const response = (event as { response?: { id?: unknown } }).response;
          if (typeof response?.id === 'string') j.responseId = response.id;
          if (event.type !== 'response.completed') return;
          j.result = response;
          // The image tool's usage is reported once, on the response; it is what the image cost.
          const usage = toolUsageOf(response);
          if (usage && j.finals[0]) j.finals[0].usage = usage;
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
    admission: Admission | undefined,
    hooks: Pick<RunHooks, 'finalOf' | 'onEvent'> = {},
  ): void {
    const { registry, store } = this.options;
    registry.add(job);
    const saved = this.pending(store.saveRecord(recordOf(job))).catch((error: unknown) => log.error('job store failed', { jobId: job.id, error: String(error) }));
    const ledger = this.usageLedger(job, admission, log);
    void runJob(job, start, expected, {
      ...hooks,
      onEvent: (j, event) => {
        hooks.onEvent?.(j, event);
        // The Responses API reports the image's usage once the response completes, after the image itself.
        if (event.type === 'response.completed') return ledger.reported();
      },
      // The image and then a record naming it are written before the image is relayed, so a crash right after
      // relaying leaves a record that lists it. A store that fails (a full disk) never stops a paid image from
      // reaching the client: the job is marked unsaved with the reason and the image goes on.
      onFinal: async (j, image, index) => {
        await saved;
        try {
          await store.saveImage(j.id, index, Buffer.from(image.b64_json, 'base64'));
          await store.saveRecord(recordOf(j, image));
        } catch (error) {
          j.unsaved ??= `The backend could not store image ${index}: ${storeError(error)}. It was sent to the client; save it there.`;
          log.error('image not stored; relayed anyway', { jobId: j.id, index, error: storeError(error) });
        }
        await ledger.record(index, image.usage);
      },
      onEnd: (j) => {
        ledger.unreported();
        this.upstream.observe(j);
        void this.settleBudget(j, admission, log);
        void this.pending(
          store.saveRecord(recordOf(j)).then(
            () => registry.forget(j.id),
            (error: unknown) => {
              // Without a record on disk the job stays answerable from memory until the store recovers.
              j.unsaved ??= `The backend could not store this job: ${storeError(error)}.`;
              registry.keepUnsaved(j);
              log.error('job store failed', { jobId: j.id, error: storeError(error) });
            },
          ),
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
          ...(j.unsaved ? { unsaved: true } : {}),
        };
        if (j.status === 'failed') log.warn('job ended', fields);
        else log.info('job ended', fields);
      },
    });
  }

  /**
   * Writes each final image's usage to the store's ledger as soon as OpenAI reports it; at the job's end, an
   * image it never reported usage for is entered at its share of the request's estimate (as the budget charges it).
   */
  private usageLedger(job: Job, admission: Admission | undefined, log: Logger) {
    const { store, costOf, provider } = this.options;
    const done = new Set<number>();
    const write = async (index: number, usage: ImageUsage, estimated: boolean) => {
      if (done.has(index)) return;
      done.add(index);
      const imageIn = usage.input_tokens_details?.image_tokens ?? 0;
      const entry: UsageEntry = {
        at: Date.now(),
        token: job.owner,
        jobId: job.id,
        model: job.summary.model,
        images: 1,
        inputTextTokens: usage.input_tokens_details?.text_tokens ?? Math.max(0, usage.input_tokens - imageIn),
        inputImageTokens: imageIn,
        outputTokens: usage.output_tokens,
        usd: estimated ? (admission ? admission.estimateUsd / Math.max(1, admission.images) : 0) : (costOf?.(job.summary.model, usage) ?? 0),
        ...(estimated ? { estimated: true } : {}),
      };
      try {
        await this.pending(store.recordUsage(entry));
      } catch (error) {
        log.error('usage ledger write failed', { jobId: job.id, index, usd: entry.usd, error: storeError(error) });
      }
    };
    const reportedUsage = (usage: ImageUsage | undefined) => (usage && usage.total_tokens > 0 ? usage : undefined);
    return {
      record: async (index: number, usage: ImageUsage | undefined) => {
        const reported = reportedUsage(usage);
        if (reported) await write(index, reported, false);
      },
      reported: () => {
        job.finals.forEach((f, index) => {
          const reported = reportedUsage(f.usage);
          if (reported) void write(index, reported, false);
        });
      },
      unreported: () => {
        const free = provider.kind === 'demo';
        job.finals.forEach((f, index) => void write(index, f.usage ?? ZERO_USAGE, !free));
      },
    };
  }

  /** Ends the job's admission: images never produced are refunded, the reservation is replaced by the actual cost. */
  private async settleBudget(job: Job, admission: Admission | undefined, log: Logger): Promise<void> {
    const { limits, costOf } = this.options;
    if (!limits || !admission) return;
    try {
      const cost = costOf && job.finals.length > 0 ? costOf(job.summary.model, job.usage) : 0;
      // An image OpenAI made without reporting its usage is charged at its reserved estimate (the demo is free).
      const unreported = this.options.provider.kind !== 'demo' && job.finals.length > 0 && job.usage.total_tokens === 0;
      await limits.settle(admission, job.finals.length, unreported ? admission.reservedUsd : cost);
    } catch (error) {
      log.error('budget accounting failed', { jobId: job.id, error: String(error) });
    }
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

const ZERO_USAGE: ImageUsage = { input_tokens: 0, output_tokens: 0, total_tokens: 0 };

function storeError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOSPC') return 'the disk is full';
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}
