/**
 * Per-token rate limit (requests per minute) and budget (images per day, and an optional dollar cap per day
 * computed from the `usage` OpenAI returns), on rate-limiter-flexible. In memory here; a team running several
 * instances swaps in its Redis-backed limiters (same library) so all instances share the counts.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ApiFailure } from './http/errors';

export interface TokenLimits {
  requestsPerMinute: number;
  imagesPerDay: number;
  /** Dollars per day; undefined means no spend cap. */
  spendPerDayUsd?: number;
}

export interface Remaining {
  requestsThisMinute: number;
  imagesToday: number;
  spendTodayUsd: number | null;
  /** When the daily budget window resets (ISO time). */
  dailyResetAt: string;
}

/** One admitted request: what it counted and reserved, given back or settled when its job ends. */
export interface Admission {
  readonly token: string;
  readonly images: number;
  readonly reservedUsd: number;
}

const DAY = 86_400;
const MICRO = 1_000_000;

function resetText(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 90) return `in ${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return `in ${minutes} min`;
  return `at ${new Date(Date.now() + ms).toISOString().slice(11, 16)} UTC`;
}

function tooMany(code: 'rate_limited' | 'budget_exceeded', message: string, ms: number): ApiFailure {
  return new ApiFailure(429, { code, message }, { 'Retry-After': String(Math.max(1, Math.ceil(ms / 1000))) });
}

export class UsageLimits {
  private readonly perMinute = new Map<string, RateLimiterMemory>();
  private readonly images = new Map<string, RateLimiterMemory>();
  private readonly spend = new Map<string, RateLimiterMemory>();
  /** Dollars reserved by admitted requests not yet settled, per token. */
  private readonly reserved = new Map<string, number>();
  private readonly settled = new WeakSet<Admission>();

  constructor(private readonly limitsFor: (token: string) => TokenLimits) {}

  private limiter(map: Map<string, RateLimiterMemory>, token: string, points: number, duration: number) {
    let limiter = map.get(token);
    if (!limiter) {
      limiter = new RateLimiterMemory({ points: Math.max(1, Math.round(points)), duration, keyPrefix: token });
      map.set(token, limiter);
    }
    return limiter;
  }

  /**
   * Counts one request (see `countRequest`) for `images` images and reserves its estimated cost (`estimateUsd`) against the spend
   * cap, or throws a 429 that names the limit and when it resets. A refused request counts nothing. The
   * reservation is held until `settle`, so concurrent requests cannot together overshoot the cap.
   */
  async admit(token: string, images: number, estimateUsd = 0): Promise<Admission> {
    await this.countRequest(token);
    return this.admitImages(token, images, estimateUsd);
  }

  /** Counts one request against the per-minute limit; done before its body is read. */
  async countRequest(token: string): Promise<void> {
    const limits = this.limitsFor(token);
    try {
      await this.limiter(this.perMinute, token, limits.requestsPerMinute, 60).consume(token, 1);
    } catch (res) {
      const ms = res instanceof RateLimiterRes ? res.msBeforeNext : 60_000;
      throw tooMany('rate_limited', `Rate limit of ${limits.requestsPerMinute} requests per minute reached; it resets ${resetText(ms)}.`, ms);
    }
  }

  /** The budget part of `admit`, once the request (already counted) says how many images it wants. */
  async admitImages(token: string, images: number, estimateUsd = 0): Promise<Admission> {
    const limits = this.limitsFor(token);
    const spend = limits.spendPerDayUsd;
    let reservedUsd = 0;
    if (spend !== undefined) {
      const used = await this.limiter(this.spend, token, spend * MICRO, DAY).get(token);
      const consumed = (used?.consumedPoints ?? 0) / MICRO;
      const pending = this.reserved.get(token) ?? 0;
      // Checked and reserved with no await in between: the next request sees this one's reservation.
      if (consumed >= spend || consumed + pending + estimateUsd > spend) {
        const ms = used?.msBeforeNext ?? DAY * 1000;
        const left = Math.max(0, spend - consumed - pending);
        throw tooMany(
          'budget_exceeded',
          consumed >= spend
            ? `Daily spend cap of $${spend.toFixed(2)} reached; it resets ${resetText(ms)}.`
            : `This request may cost up to $${estimateUsd.toFixed(3)} but $${left.toFixed(3)} of the daily spend cap of $${spend.toFixed(2)} is left; it resets ${resetText(ms)}.`,
          ms,
        );
      }
      reservedUsd = estimateUsd;
      this.reserved.set(token, pending + estimateUsd);
    }
    const release = () => this.release(token, reservedUsd);
    const daily = this.limiter(this.images, token, limits.imagesPerDay, DAY);
    try {
      await daily.consume(token, images);
    } catch (res) {
      release();
      // rate-limiter-flexible counts the points of a refused consume; a refused request must use nothing.
      if (res instanceof RateLimiterRes) await daily.reward(token, images);
      const ms = res instanceof RateLimiterRes ? res.msBeforeNext : DAY * 1000;
      throw tooMany('budget_exceeded', `Daily budget of ${limits.imagesPerDay} images reached; it resets ${resetText(ms)}.`, ms);
    }
    return { token, images, reservedUsd };
  }

  private release(token: string, usd: number): void {
    if (usd <= 0) return;
    const left = (this.reserved.get(token) ?? 0) - usd;
    if (left > 1e-12) this.reserved.set(token, left);
    else this.reserved.delete(token);
  }

  /**
   * Ends an admission: gives back the images never produced, releases the reservation and records what the
   * request actually cost. Settling twice does nothing.
   */
  async settle(admission: Admission, produced: number, spentUsd: number): Promise<void> {
    if (this.settled.has(admission)) return;
    this.settled.add(admission);
    this.release(admission.token, admission.reservedUsd);
    await this.refund(admission.token, admission.images - produced);
    await this.recordSpend(admission.token, spentUsd);
  }

  /** Gives back images that were counted but never produced (a failed or cancelled job). */
  async refund(token: string, images: number): Promise<void> {
    if (images <= 0) return;
    const limits = this.limitsFor(token);
    await this.limiter(this.images, token, limits.imagesPerDay, DAY).reward(token, images);
  }

  async recordSpend(token: string, usd: number): Promise<void> {
    const cap = this.limitsFor(token).spendPerDayUsd;
    if (cap === undefined || usd <= 0) return;
    await this.limiter(this.spend, token, cap * MICRO, DAY).penalty(token, Math.round(usd * MICRO));
  }

  async remaining(token: string): Promise<Remaining> {
    const limits = this.limitsFor(token);
    const minute = await this.limiter(this.perMinute, token, limits.requestsPerMinute, 60).get(token);
    const images = await this.limiter(this.images, token, limits.imagesPerDay, DAY).get(token);
    const cap = limits.spendPerDayUsd;
    const spent = cap === undefined ? null : await this.limiter(this.spend, token, cap * MICRO, DAY).get(token);
    const resetMs = images?.msBeforeNext ?? DAY * 1000;
    return {
      requestsThisMinute: Math.max(0, limits.requestsPerMinute - (minute?.consumedPoints ?? 0)),
      imagesToday: Math.max(0, limits.imagesPerDay - (images?.consumedPoints ?? 0)),
      spendTodayUsd: cap === undefined ? null : Math.max(0, cap - (spent?.consumedPoints ?? 0) / MICRO - (this.reserved.get(token) ?? 0)),
      dailyResetAt: new Date(Date.now() + resetMs).toISOString(),
    };
  }
}
