import { describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { IdleTimeoutError, withIdleTimeout } from '../../server/providers/idle-timeout';

async function* slow(delays: number[]) {
  for (const [i, d] of delays.entries()) {
    // Unref'd: the quiet stream's long wait must not keep the test worker alive after the test ends.
    await sleep(d, undefined, { ref: false });
    yield i;
  }
}

describe('withIdleTimeout', () => {
  it('passes items through while they keep coming', async () => {
    const seen: number[] = [];
    for await (const v of withIdleTimeout(slow([5, 5, 5]), 200, () => undefined)) seen.push(v);
    expect(seen).toEqual([0, 1, 2]);
  });

  it('ends a stream that goes quiet and calls onIdle', async () => {
    let idled = false;
    const seen: number[] = [];
    const run = async () => {
      for await (const v of withIdleTimeout(slow([1, 10_000]), 50, () => (idled = true))) seen.push(v);
    };
    await expect(run()).rejects.toBeInstanceOf(IdleTimeoutError);
    expect(seen).toEqual([0]);
    expect(idled).toBe(true);
  });
});
