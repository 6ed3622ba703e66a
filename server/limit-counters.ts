/**
 * The counters behind the rate limit and the budgets (limits.ts): in memory for one backend (this file), in
 * PostgreSQL for several (jobs/pg-counters.ts). Both apply the same pure rules below, so a limit means the same
 * whichever holds it; PostgreSQL applies them under row locks, so instances sharing a database share exact counts.
 *
 * A counter has a fixed window that starts with its first use (`windowMs`), or none (`null`: its key names its
 * period, e.g. a calendar month). Amounts are integers (requests, images, micro-dollars).
 */

export interface CounterSpec {
  key: string;
  cap: number;
  /** Window length; null: never expires. */
  windowMs: number | null;
}

export interface CounterState {
  used: number;
  /** Held by admitted requests not yet settled (spend reservations). */
  reserved: number;
  /** When the window ends (Unix ms); null: never. */
  windowEnd: number | null;
}

/** One part of an all-or-nothing take: `points` more `used` (a count) or `reserved` (a spend estimate). */
export interface Take {
  spec: CounterSpec;
  points: number;
  into: 'used' | 'reserved';
}

/** A change that never refuses (refunds, settlements, spend restored at start-up); results are clamped at 0. */
export interface Adjust {
  spec: CounterSpec;
  used?: number;
  reserved?: number;
}

export interface TakeResult {
  /** Each counter as it was before the take (after any window reset), in the order asked. */
  states: CounterState[];
  /** The first part that did not fit; nothing was taken. */
  refused?: number;
}

export interface LimitCounters {
  /** True when the counts outlive the process (no need to restore spend from the ledger at start-up). */
  readonly durable: boolean;
  take(parts: Take[], now: number): Promise<TakeResult>;
  adjust(changes: Adjust[], now: number): Promise<void>;
  get(specs: CounterSpec[], now: number): Promise<CounterState[]>;
}

/** A counter as of `now`: a fresh one, or the stored one reset when its window has ended. */
export function current(stored: CounterState | undefined, spec: CounterSpec, now: number): CounterState {
  if (stored && (stored.windowEnd === null || stored.windowEnd > now)) return stored;
  return { used: 0, reserved: 0, windowEnd: spec.windowMs === null ? null : now + spec.windowMs };
}

/** A part fits when its counter is not yet at its cap and what is used, held and asked stays within it. */
export function fits(state: CounterState, part: Take): boolean {
  return state.used < part.spec.cap && state.used + state.reserved + part.points <= part.spec.cap;
}

/** The states after a take or an adjustment, clamped at zero. */
export function applied(state: CounterState, used: number, reserved: number): CounterState {
  return { ...state, used: Math.max(0, state.used + used), reserved: Math.max(0, state.reserved + reserved) };
}

/** Where the take stops, if anywhere (pure: the rule both back ends apply). */
export function firstRefused(states: CounterState[], parts: Take[]): number | undefined {
  const at = parts.findIndex((part, i) => !fits(states[i]!, part));
  return at < 0 ? undefined : at;
}

/** One backend's counters, in memory: one small entry per counter key (tokens are few). */
export class MemoryCounters implements LimitCounters {
  readonly durable = false;
  private readonly counters = new Map<string, CounterState>();

  private read(spec: CounterSpec, now: number): CounterState {
    return current(this.counters.get(spec.key), spec, now);
  }

  // Synchronous inside: no await between the check and the take, so concurrent requests see each other.
  async take(parts: Take[], now: number): Promise<TakeResult> {
    const states = parts.map((p) => this.read(p.spec, now));
    const refused = firstRefused(states, parts);
    if (refused !== undefined) return { states, refused };
    parts.forEach((p, i) => this.counters.set(p.spec.key, applied(states[i]!, p.into === 'used' ? p.points : 0, p.into === 'reserved' ? p.points : 0)));
    return { states };
  }

  async adjust(changes: Adjust[], now: number): Promise<void> {
    for (const c of changes) this.counters.set(c.spec.key, applied(this.read(c.spec, now), c.used ?? 0, c.reserved ?? 0));
  }

  async get(specs: CounterSpec[], now: number): Promise<CounterState[]> {
    return specs.map((s) => this.read(s, now));
  }
}
