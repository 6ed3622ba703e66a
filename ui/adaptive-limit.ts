/**
 * How many generations run at once, adapting to the backend's rate limits (additive increase, multiplicative
 * decrease): it starts at `initial`, grows by one after a full window of successes, halves on a 429 and then pauses
 * everyone until the Retry-After has passed.
 */
export interface AdaptiveLimitOptions {
  initial?: number;
  min?: number;
  max?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

export class AdaptiveLimit {
  limit: number;
  active = 0;
  private successes = 0;
  private pausedUntil = 0;
  private readonly waiters: Array<() => void> = [];
  private readonly min: number;
  private readonly max: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(options: AdaptiveLimitOptions = {}) {
    this.limit = options.initial ?? 4;
    this.min = options.min ?? 1;
    this.max = options.max ?? 8;
    this.now = options.now ?? (() => Date.now());
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** Waits for a free slot (and for any rate-limit pause to end); false when `signal` aborted first. */
  async acquire(signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal?.aborted) return false;
      const wait = this.pausedUntil - this.now();
      if (wait > 0) {
        await this.sleep(wait, signal);
        continue;
      }
      if (this.active < this.limit) {
        this.active++;
        return true;
      }
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        signal?.addEventListener('abort', () => resolve());
      });
    }
  }

  /** A slot is free again: `ok` grows the limit after a window of successes; `rate-limited` halves it and pauses. */
  release(outcome: 'ok' | 'failed' | 'rate-limited', retryAfterMs = 1000): void {
    this.active = Math.max(0, this.active - 1);
    if (outcome === 'ok' && ++this.successes >= this.limit) {
      this.successes = 0;
      this.limit = Math.min(this.max, this.limit + 1);
    } else if (outcome === 'rate-limited') {
      this.successes = 0;
      this.limit = Math.max(this.min, Math.floor(this.limit / 2));
      this.pausedUntil = Math.max(this.pausedUntil, this.now() + retryAfterMs);
    }
    for (const wake of this.waiters.splice(0)) wake();
  }
}

/** Runs every item through `task` under the limit; `task` says how its attempt went and whether to try again. */
export async function runAdaptive<T>(
  items: readonly T[],
  limit: AdaptiveLimit,
  task: (item: T) => Promise<{ outcome: 'ok' | 'failed' | 'rate-limited'; retryAfterMs?: number; again?: boolean }>,
  signal?: AbortSignal,
): Promise<void> {
  await Promise.all(
    items.map(async (item) => {
      for (;;) {
        if (!(await limit.acquire(signal))) return void (await task(item).catch(() => undefined));
        const result = await task(item).catch(() => ({ outcome: 'failed' as const, again: false, retryAfterMs: undefined }));
        limit.release(result.outcome, result.retryAfterMs);
        if (!result.again) return;
      }
    }),
  );
}
