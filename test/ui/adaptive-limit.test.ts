import { describe, expect, it } from 'vitest';
import { AdaptiveLimit, runAdaptive } from '../../ui/adaptive-limit';

/** A clock the test moves by hand; sleeping advances it. */
function fakeClock() {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
      await Promise.resolve();
    },
  };
}

describe('AdaptiveLimit', () => {
  it('grows by one after a window of successes, up to the maximum', async () => {
    const limit = new AdaptiveLimit({ initial: 2, max: 3, ...fakeClock() });
    for (let i = 0; i < 2; i++) {
      await limit.acquire();
      limit.release('ok');
    }
    expect(limit.limit).toBe(3);
    for (let i = 0; i < 10; i++) {
      await limit.acquire();
      limit.release('ok');
    }
    expect(limit.limit).toBe(3);
  });

  it('halves on a 429 and pauses everyone until Retry-After has passed', async () => {
    const clock = fakeClock();
    const limit = new AdaptiveLimit({ initial: 6, ...clock });
    await limit.acquire();
    limit.release('rate-limited', 2000);
    expect(limit.limit).toBe(3);
    const before = clock.now();
    await limit.acquire();
    expect(clock.now() - before).toBeGreaterThanOrEqual(2000);
  });

  it('never lets more than the limit run at once, and never drops below the minimum', async () => {
    const limit = new AdaptiveLimit({ initial: 3, min: 1 });
    let running = 0;
    let peak = 0;
    await runAdaptive(Array.from({ length: 12 }), limit, async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 2));
      running--;
      return { outcome: 'failed' };
    });
    expect(peak).toBe(3);
    for (let i = 0; i < 5; i++) limit.release('rate-limited', 0);
    expect(limit.limit).toBe(1);
  });

  it('retries rate-limited items until they succeed, and stops starting work once aborted', async () => {
    const limit = new AdaptiveLimit({ initial: 4 });
    const tries = new Map<number, number>();
    await runAdaptive([1, 2, 3], limit, async (item) => {
      const n = (tries.get(item) ?? 0) + 1;
      tries.set(item, n);
      return n < 3 && item === 2 ? { outcome: 'rate-limited', retryAfterMs: 5, again: true } : { outcome: 'ok' };
    });
    expect([...tries.entries()].sort()).toEqual([
      [1, 1],
      [2, 3],
      [3, 1],
    ]);
    const abort = new AbortController();
    abort.abort();
    const seen: number[] = [];
    await runAdaptive([1, 2], new AdaptiveLimit(), async (item) => {
      seen.push(item);
      return { outcome: 'failed' };
    }, abort.signal);
    // Each item is still handed over once, so it can mark itself stopped.
    expect(seen).toEqual([1, 2]);
  });
});
