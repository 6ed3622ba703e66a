/**
 * Per-token rate limit (requests per minute) and budget (images per day, and optional dollar caps per day and per
 * calendar month (UTC) computed from the `usage` OpenAI returns), on rate-limiter-flexible. In memory here; a team running several
 * instances swaps in its Redis-backed limiters (same library) so all instances share the counts.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ApiFailure } from './http/errors';

export interface TokenLimits {
  requestsPerMinute: number;
  imagesPerDay: number;
  /** Dollars per day; undefined means no spend cap. */
  spendPerDayUsd?: number;
  /** Dollars per calendar month (UTC); undefined means no monthly cap. */
  spendPerMonthUsd?: number;
}

export interface Remaining {
  requestsThisMinute: number;
  imagesToday: number;
  spendTodayUsd: number | null;
  /** When the daily budget window resets (ISO time). */
  dailyResetAt: string;
  spendThisMonthUsd: number | null;
}

/** One admitted request: what it counted and reserved, given back or settled when its job ends. */
export interface Admission {
  readonly token: string;
  readonly images: number;
  readonly reservedUsd: number;
  /** What the request was estimated to cost, reserved or not (the usage ledger's fallback). */
  readonly estimateUsd: number;
}

const DAY = 86_400;
/**
 * Monthly counters never expire (duration 0): their key names the month, so a new month starts a new counter. (A
 * month-long duration would not do: rate-limiter-flexible expires keys with a timer, and Node clamps timers over
 * 2^31 ms, about 24.8 days, to 1 ms.) One small entry per token and month stays in memory.
 */
const NEVER = 0;
const MICRO = 1_000_000;

/** The calendar month (UTC) of `ms`, as `YYYY-MM`. */
export const monthOf = (ms: number) => new Date(ms).toISOString().slice(0, 7);

/** Milliseconds from `ms` to the start of the next calendar month (UTC). */
function msToNextMonth(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - ms;
}

/** One dollar cap: its counter, its size, and how its refusal reads. */
interface SpendCap {
  limiter: RateLimiterMemory;
  key: string;
  cap: number;
  period: 'Daily' | 'Monthly';
}

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
  private readonly monthSpend = new Map<string, RateLimiterMemory>();
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
    const caps = this.spendCaps(token);
    let reservedUsd = 0;
    if (caps.length > 0) {
      const used = await Promise.all(caps.map((c) => c.limiter.get(c.key)));
      const pending = this.reserved.get(token) ?? 0;
      // Checked and reserved with no await in between: the next request sees this one's reservation. The same
      // reservation counts against every cap (a day's spend is also the month's).
      caps.forEach((c, i) => {
        const consumed = (used[i]?.consumedPoints ?? 0) / MICRO;
        if (consumed < c.cap && consumed + pending + estimateUsd <= c.cap) return;
        const ms = c.period === 'Daily' ? (used[i]?.msBeforeNext ?? DAY * 1000) : msToNextMonth(Date.now());
        const left = Math.max(0, c.cap - consumed - pending);
        const name = `${c.period.toLowerCase()} spend cap of $${c.cap.toFixed(2)}`;
        throw tooMany(
          'budget_exceeded',
          consumed >= c.cap
            ? `${c.period} spend cap of $${c.cap.toFixed(2)} reached; it resets ${resetText(ms)}.`
            : `This request may cost up to $${estimateUsd.toFixed(3)} but $${left.toFixed(3)} of the ${name} is left; it resets ${resetText(ms)}.`,
          ms,
        );
      });
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
    return { token, images, reservedUsd, estimateUsd };
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

  /** The token's dollar caps in force now: daily and monthly, each when configured. */
  private spendCaps(token: string, now = Date.now()): SpendCap[] {
    const { spendPerDayUsd: day, spendPerMonthUsd: month } = this.limitsFor(token);
    const caps: SpendCap[] = [];
    if (day !== undefined) caps.push({ limiter: this.limiter(this.spend, token, day * MICRO, DAY), key: token, cap: day, period: 'Daily' });
    if (month !== undefined) {
      caps.push({ limiter: this.limiter(this.monthSpend, token, month * MICRO, NEVER), key: `${token}@${monthOf(now)}`, cap: month, period: 'Monthly' });
    }
    return caps;
  }

  async recordSpend(token: string, usd: number): Promise<void> {
    if (usd <= 0) return;
    for (const c of this.spendCaps(token)) await c.limiter.penalty(c.key, Math.round(usd * MICRO));
  }

  /**
   * At start-up: counts what the usage ledger says was already spent (in the last day, and this month), so a
   * restart does not hand a token its budget again.
   */
  async restoreSpend(token: string, lastDayUsd: number, thisMonthUsd: number, now = Date.now()): Promise<void> {
    for (const c of this.spendCaps(token, now)) {
      const usd = c.period === 'Daily' ? lastDayUsd : thisMonthUsd;
      if (usd > 0) await c.limiter.penalty(c.key, Math.round(usd * MICRO));
    }
  }

  /** Dollars left under a cap: the cap less what was spent and what is reserved; null without a cap. */
  private async spendLeft(token: string, period: SpendCap['period'], now: number): Promise<number | null> {
    const c = this.spendCaps(token, now).find((x) => x.period === period);
    if (!c) return null;
    const spent = await c.limiter.get(c.key);
    return Math.max(0, c.cap - (spent?.consumedPoints ?? 0) / MICRO - (this.reserved.get(token) ?? 0));
  }

  /** What is left of each limit; `now` picks the calendar month. */
  async remaining(token: string, now = Date.now()): Promise<Remaining> {
    const limits = this.limitsFor(token);
    const minute = await this.limiter(this.perMinute, token, limits.requestsPerMinute, 60).get(token);
    const images = await this.limiter(this.images, token, limits.imagesPerDay, DAY).get(token);
    const resetMs = images?.msBeforeNext ?? DAY * 1000;
    return {
      requestsThisMinute: Math.max(0, limits.requestsPerMinute - (minute?.consumedPoints ?? 0)),
      imagesToday: Math.max(0, limits.imagesPerDay - (images?.consumedPoints ?? 0)),
      spendTodayUsd: await this.spendLeft(token, 'Daily', now),
      spendThisMonthUsd: await this.spendLeft(token, 'Monthly', now),
      dailyResetAt: new Date(Date.now() + resetMs).toISOString(),
    };
  }
}

/**
 * At start-up: what the usage ledger holds for the last day and this calendar month, counted against each token's
 * caps, so a restart never hands a token its budget again.
 */
export async function restoreSpendFromLedger(
  limits: UsageLimits,
  tokens: readonly string[],
  read: (from: number, to: number) => Promise<Array<{ at: number; token: string; usd: number }>>,
  now = Date.now(),
): Promise<void> {
  const dayStart = now - DAY * 1000;
  const monthStart = Date.parse(`${monthOf(now)}-01T00:00:00Z`);
  const entries = await read(Math.min(dayStart, monthStart), now + 1);
  for (const token of tokens) {
    const mine = entries.filter((e) => e.token === token);
    const sum = (since: number) => mine.reduce((total, e) => (e.at >= since ? total + e.usd : total), 0);
    await limits.restoreSpend(token, sum(dayStart), sum(monthStart), now);
  }
}
