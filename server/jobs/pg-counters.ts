/**
 * The rate limit and budget counters in PostgreSQL, shared by every instance on the database. A take locks its
 * counter rows (in key order, so two takes never deadlock), applies the same pure rules as the memory counters
 * (limit-counters.ts) and writes the result, all in one transaction: instances together never let more through
 * than a limit allows, and a spend reservation and its settlement are exact.
 *
 * Windows are judged by the instance's clock (`now`); instances on one database are expected to keep NTP time.
 */
import type { Pool, PoolClient } from 'pg';
import { applied, current, firstRefused, type Adjust, type CounterSpec, type CounterState, type LimitCounters, type Take, type TakeResult } from '../limit-counters';
import { inTransaction } from './pg-schema';

interface Row {
  key: string;
  used: string;
  reserved: string;
  window_end: string | null;
}

export class PgCounters implements LimitCounters {
  readonly durable = true;

  constructor(private readonly pool: Pool) {}

  /** Locks the counters (creating missing ones, their window starting now) and returns them as of `now`. */
  private async lock(client: PoolClient, specs: CounterSpec[], now: number): Promise<CounterState[]> {
    const byKey = new Map(specs.map((s) => [s.key, s]));
    const keys = [...byKey.keys()].sort();
    await client.query(
      `INSERT INTO figment_counters (key, used, reserved, window_end)
       SELECT k, 0, 0, w FROM unnest($1::text[], $2::bigint[]) AS v(k, w) ORDER BY k ON CONFLICT (key) DO NOTHING`,
      [keys, keys.map((k) => current(undefined, byKey.get(k)!, now).windowEnd)],
    );
    const { rows } = await client.query<Row>('SELECT key, used, reserved, window_end FROM figment_counters WHERE key = ANY($1) ORDER BY key FOR UPDATE', [keys]);
    return statesOf(rows, specs, now);
  }

  private async write(client: PoolClient, specs: CounterSpec[], states: CounterState[]): Promise<void> {
    await client.query(
      `UPDATE figment_counters c SET used = v.used, reserved = v.reserved, window_end = v.window_end
       FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[]) AS v(key, used, reserved, window_end)
       WHERE c.key = v.key`,
      [specs.map((s) => s.key), states.map((s) => s.used), states.map((s) => s.reserved), states.map((s) => s.windowEnd)],
    );
  }

  async take(parts: Take[], now: number): Promise<TakeResult> {
    const client = await this.pool.connect();
    try {
      return await inTransaction(client, async () => {
        const specs = parts.map((p) => p.spec);
        const states = await this.lock(client, specs, now);
        const refused = firstRefused(states, parts);
        if (refused !== undefined) return { states, refused };
        const after = parts.map((p, i) => applied(states[i]!, p.into === 'used' ? p.points : 0, p.into === 'reserved' ? p.points : 0));
        await this.write(client, specs, after);
        return { states };
      });
    } finally {
      client.release();
    }
  }

  async adjust(changes: Adjust[], now: number): Promise<void> {
    if (changes.length === 0) return;
    const client = await this.pool.connect();
    try {
      await inTransaction(client, async () => {
        const specs = changes.map((c) => c.spec);
        const states = await this.lock(client, specs, now);
        await this.write(client, specs, changes.map((c, i) => applied(states[i]!, c.used ?? 0, c.reserved ?? 0)));
      });
    } finally {
      client.release();
    }
  }

  async get(specs: CounterSpec[], now: number): Promise<CounterState[]> {
    const { rows } = await this.pool.query<Row>('SELECT key, used, reserved, window_end FROM figment_counters WHERE key = ANY($1)', [specs.map((s) => s.key)]);
    return statesOf(rows, specs, now);
  }
}

function statesOf(rows: Row[], specs: CounterSpec[], now: number): CounterState[] {
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return specs.map((spec) => {
    const row = byKey.get(spec.key);
    const stored = row && { used: Number(row.used), reserved: Number(row.reserved), windowEnd: row.window_end === null ? null : Number(row.window_end) };
    return current(stored, spec, now);
  });
}
