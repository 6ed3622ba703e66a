/**
 * Per-token rate limit (requests per minute) and budget (images per day, and optional dollar caps per day and per
 * calendar month (UTC) computed from the `usage` OpenAI returns). The counts live in `LimitCounters`: in memory
 * for one backend, in PostgreSQL when several share a database (FIGMENT_DATABASE_URL), where each check and its
 * take happen under one row lock so the instances together never let more through than the limit.
 */
import { ApiFailure } from './http/errors';
import { MemoryCounters, type CounterSpec, type CounterState, type LimitCounters, type Take } from './limit-counters';

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

const DAY_MS = 86_400_000;
const MICRO = 1_000_000;

/** The calendar month (UTC) of `ms`, as `YYYY-MM`. */
export const monthOf = (ms: number) => new Date(ms).toISOString().slice(0, 7);

/** Milliseconds from `ms` to the start of the next calendar month (UTC). */
function msToNextMonth(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - ms;
}

/** One dollar cap: its counter (micro-dollars) and how its refusal reads. */
interface SpendCap {
  spec: CounterSpec;
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

const msLeft = (state: CounterState | undefined, now: number, fallback: number) =>
  state?.windowEnd != null ? Math.max(0, state.windowEnd - now) : fallback;

export class UsageLimits {
  /** The spend counters each admission reserved on, released there whatever the month is when it settles. */
  private readonly reservedOn = new WeakMap<Admission, SpendCap[]>();
  private readonly settled = new WeakSet<Admission>();

  constructor(
    private readonly limitsFor: (token: string) => TokenLimits,
    private readonly counters: LimitCounters = new MemoryCounters(),
  ) {}

  /** True when the counts outlive the process (PostgreSQL): spend need not be restored from the ledger. */
  get durable(): boolean {
    return this.counters.durable;
  }

  private perMinute(token: string): CounterSpec {
    return { key: `rpm:${token}`, cap: Math.max(1, this.limitsFor(token).requestsPerMinute), windowMs: 60_000 };
  }

  private imagesPerDay(token: string): CounterSpec {
    return { key: `images:${token}`, cap: Math.max(1, this.limitsFor(token).imagesPerDay), windowMs: DAY_MS };
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
    const now = Date.now();
    const spec = this.perMinute(token);
    const result = await this.counters.take([{ spec, points: 1, into: 'used' }], now);
    if (result.refused === undefined) return;
    const ms = msLeft(result.states[0], now, 60_000);
    throw tooMany('rate_limited', `Rate limit of ${this.limitsFor(token).requestsPerMinute} requests per minute reached; it resets ${resetText(ms)}.`, ms);
  }

  /**
   * The budget part of `admit`, once the request (already counted) says how many images it wants: the images
   * and the estimate's reservation (the same against every cap: a day's spend is also the month's) are taken
   * together or not at all.
   */
  async admitImages(token: string, images: number, estimateUsd = 0): Promise<Admission> {
    const now = Date.now();
    const limits = this.limitsFor(token);
    const caps = this.spendCaps(token, now);
    const reserve = Math.round(estimateUsd * MICRO);
    const parts: Take[] = [
      ...caps.map((c): Take => ({ spec: c.spec, points: reserve, into: 'reserved' })),
      { spec: this.imagesPerDay(token), points: images, into: 'used' },
    ];
    const { states, refused } = await this.counters.take(parts, now);
    if (refused === undefined) {
      const admission: Admission = { token, images, reservedUsd: caps.length > 0 ? estimateUsd : 0, estimateUsd };
      this.reservedOn.set(admission, caps);
      return admission;
    }
    const state = states[refused]!;
    const cap = caps[refused];
    if (!cap) {
      const ms = msLeft(state, now, DAY_MS);
      throw tooMany('budget_exceeded', `Daily budget of ${limits.imagesPerDay} images reached; it resets ${resetText(ms)}.`, ms);
    }
    const ms = cap.period === 'Daily' ? msLeft(state, now, DAY_MS) : msToNextMonth(now);
    const consumed = state.used / MICRO;
    const left = Math.max(0, cap.cap - consumed - state.reserved / MICRO);
    const name = `${cap.period.toLowerCase()} spend cap of $${cap.cap.toFixed(2)}`;
    throw tooMany(
      'budget_exceeded',
      consumed >= cap.cap
        ? `${cap.period} spend cap of $${cap.cap.toFixed(2)} reached; it resets ${resetText(ms)}.`
        : `This request may cost up to $${estimateUsd.toFixed(3)} but $${left.toFixed(3)} of the ${name} is left; it resets ${resetText(ms)}.`,
      ms,
    );
  }

  /**
   * Ends an admission: gives back the images never produced, releases the reservation and records what the
   * request actually cost, in one change. Settling twice does nothing.
   */
  async settle(admission: Admission, produced: number, spentUsd: number): Promise<void> {
    if (this.settled.has(admission)) return;
    this.settled.add(admission);
    const caps = this.reservedOn.get(admission) ?? [];
    const released = -Math.round(admission.reservedUsd * MICRO);
    const spent = Math.max(0, Math.round(spentUsd * MICRO));
    const refund = Math.max(0, admission.images - produced);
    await this.counters.adjust(
      [
        ...caps.map((c) => ({ spec: c.spec, used: spent, reserved: released })),
        ...(refund > 0 ? [{ spec: this.imagesPerDay(admission.token), used: -refund }] : []),
      ],
      Date.now(),
    );
  }

  /** Gives back images that were counted but never produced (a failed or cancelled job). */
  async refund(token: string, images: number): Promise<void> {
    if (images <= 0) return;
    await this.counters.adjust([{ spec: this.imagesPerDay(token), used: -images }], Date.now());
  }

  /** The token's dollar caps in force at `now`: daily and monthly, each when configured. */
  private spendCaps(token: string, now: number): SpendCap[] {
    const { spendPerDayUsd: day, spendPerMonthUsd: month } = this.limitsFor(token);
    const caps: SpendCap[] = [];
    if (day !== undefined) caps.push({ spec: { key: `usd-day:${token}`, cap: Math.round(day * MICRO), windowMs: DAY_MS }, cap: day, period: 'Daily' });
    if (month !== undefined) {
      // No window: the key names the month, so a new month starts a new counter.
      caps.push({ spec: { key: `usd-month:${token}@${monthOf(now)}`, cap: Math.round(month * MICRO), windowMs: null }, cap: month, period: 'Monthly' });
    }
    return caps;
  }

  async recordSpend(token: string, usd: number): Promise<void> {
    if (usd <= 0) return;
    const now = Date.now();
    await this.counters.adjust(this.spendCaps(token, now).map((c) => ({ spec: c.spec, used: Math.round(usd * MICRO) })), now);
  }

  /**
   * At start-up: counts what the usage ledger says was already spent (in the last day, and this month), so a
   * restart does not hand a token its budget again.
   */
  async restoreSpend(token: string, lastDayUsd: number, thisMonthUsd: number, now = Date.now()): Promise<void> {
    const changes = this.spendCaps(token, now)
      .map((c) => ({ spec: c.spec, used: Math.round((c.period === 'Daily' ? lastDayUsd : thisMonthUsd) * MICRO) }))
      .filter((c) => c.used > 0);
    if (changes.length > 0) await this.counters.adjust(changes, now);
  }

  /** What is left of each limit; `now` picks the calendar month. */
  async remaining(token: string, now = Date.now()): Promise<Remaining> {
    const limits = this.limitsFor(token);
    const caps = this.spendCaps(token, now);
    const [minute, images, ...spend] = await this.counters.get([this.perMinute(token), this.imagesPerDay(token), ...caps.map((c) => c.spec)], now);
    // Dollars left under a cap: the cap less what was spent and what is reserved; null without a cap.
    const left = (period: SpendCap['period']) => {
      const at = caps.findIndex((c) => c.period === period);
      if (at < 0) return null;
      const s = spend[at]!;
      return Math.max(0, caps[at]!.cap - (s.used + s.reserved) / MICRO);
    };
    return {
      requestsThisMinute: Math.max(0, limits.requestsPerMinute - minute!.used),
      imagesToday: Math.max(0, limits.imagesPerDay - images!.used),
      spendTodayUsd: left('Daily'),
      spendThisMonthUsd: left('Monthly'),
      dailyResetAt: new Date(now + msLeft(images, now, DAY_MS)).toISOString(),
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
  const dayStart = now - DAY_MS;
  const monthStart = Date.parse(`${monthOf(now)}-01T00:00:00Z`);
  const entries = await read(Math.min(dayStart, monthStart), now + 1);
  for (const token of tokens) {
    const mine = entries.filter((e) => e.token === token);
    const sum = (since: number) => mine.reduce((total, e) => (e.at >= since ? total + e.usd : total), 0);
    await limits.restoreSpend(token, sum(dayStart), sum(monthStart), now);
  }
}
