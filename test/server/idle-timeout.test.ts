import { describe, expect, it } from 'vitest';
import { IdleTimeoutError, withIdleTimeout } from '../../server/providers/idle-timeout';

async function* slow(delays: number[]) {
  for (const [i, d] of delays.entries()) {
    await new Promise((r) => setTimeout(r, d));
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
