import { describe, expect, it } from 'vitest';
import { ApiFailure } from '../../server/http/errors';
import { MemoryCounters } from '../../server/limit-counters';
import { restoreSpendFromLedger, UsageLimits, type TokenLimits } from '../../server/limits';

const limitsOf = (limits: TokenLimits) => new UsageLimits(() => limits);

async function failureOf(promise: Promise<unknown>): Promise<ApiFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiFailure) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('UsageLimits', () => {
  it('refuses the request past the per-minute limit with Retry-After and a message naming the limit', async () => {
    const limits = limitsOf({ requestsPerMinute: 2, imagesPerDay: 100 });
    await limits.admit('ana', 1);
    await limits.admit('ana', 1);
    const f = await failureOf(limits.admit('ana', 1));
    expect(f.status).toBe(429);
    expect(f.error.code).toBe('rate_limited');
    expect(f.error.message).toMatch(/2 requests per minute.*resets in \d+ s/);
    expect(Number(f.headers['Retry-After'])).toBeGreaterThanOrEqual(1);
    expect(Number(f.headers['Retry-After'])).toBeLessThanOrEqual(60);
  });

  it('keeps each token to its own counts', async () => {
    const limits = limitsOf({ requestsPerMinute: 1, imagesPerDay: 100 });
    await limits.admit('ana', 1);
    await expect(limits.admit('ben', 1)).resolves.toMatchObject({ token: 'ben', images: 1 });
  });

  it('counts images per day, and refunds the ones never produced', async () => {
    const limits = limitsOf({ requestsPerMinute: 100, imagesPerDay: 5 });
    await limits.admit('ana', 4);
    const f = await failureOf(limits.admit('ana', 2));
    expect(f.error.code).toBe('budget_exceeded');
    expect(f.error.message).toMatch(/5 images/);
    await limits.refund('ana', 3);
    await expect(limits.admit('ana', 2)).resolves.toMatchObject({ images: 2 });
    // 4 counted, the refused 2 not, 3 refunded, 2 more: 3 of 5 used.
    expect((await limits.remaining('ana')).imagesToday).toBe(2);
  });

  it('stops a token once its recorded spend reaches the daily cap', async () => {
    const limits = limitsOf({ requestsPerMinute: 100, imagesPerDay: 100, spendPerDayUsd: 0.5 });
    await limits.admit('ana', 1);
    await limits.recordSpend('ana', 0.3);
    expect((await limits.remaining('ana')).spendTodayUsd).toBeCloseTo(0.2, 6);
    await limits.admit('ana', 1);
    await limits.recordSpend('ana', 0.25);
    const f = await failureOf(limits.admit('ana', 1));
    expect(f.error.code).toBe('budget_exceeded');
    expect(f.error.message).toContain('$0.50');
  });

  it('reports what is left', async () => {
    const limits = limitsOf({ requestsPerMinute: 10, imagesPerDay: 50 });
    await limits.admit('ana', 3);
    const left = await limits.remaining('ana');
    expect(left).toMatchObject({ requestsThisMinute: 9, imagesToday: 47, spendTodayUsd: null });
    expect(Date.parse(left.dailyResetAt)).toBeGreaterThan(Date.now());
  });

  it('counts nothing for a refused request: 8 of 10 used, n=4 refused, 2 left', async () => {
    const limits = limitsOf({ requestsPerMinute: 100, imagesPerDay: 10 });
    await limits.admit('ana', 8);
    expect((await failureOf(limits.admit('ana', 4))).error.code).toBe('budget_exceeded');
    expect((await limits.remaining('ana')).imagesToday).toBe(2);
    await expect(limits.admit('ana', 2)).resolves.toMatchObject({ images: 2 });
  });

  it('reserves each request’s estimate at admission, so concurrent requests cannot overshoot the spend cap', async () => {
    const limits = limitsOf({ requestsPerMinute: 1000, imagesPerDay: 1000, spendPerDayUsd: 0.01 });
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => limits.admit('ana', 1, 0.004)));
    const admitted = results.filter((r) => r.status === 'fulfilled');
    expect(admitted).toHaveLength(2);
    expect((await limits.remaining('ana')).spendTodayUsd).toBeCloseTo(0.002, 6);
    // Settling replaces the reservation with the actual cost and gives back unproduced images.
    const first = (admitted[0] as PromiseFulfilledResult<Awaited<ReturnType<UsageLimits['admit']>>>).value;
    await limits.settle(first, 0, 0);
    await limits.settle(first, 0, 0);
    expect((await limits.remaining('ana')).spendTodayUsd).toBeCloseTo(0.006, 6);
    expect((await limits.remaining('ana')).imagesToday).toBe(999);
    const second = (admitted[1] as PromiseFulfilledResult<Awaited<ReturnType<UsageLimits['admit']>>>).value;
    await limits.settle(second, 1, 0.003);
    expect((await limits.remaining('ana')).spendTodayUsd).toBeCloseTo(0.007, 6);
  });

  it('refuses a request whose estimate alone exceeds what is left of the spend cap', async () => {
    const limits = limitsOf({ requestsPerMinute: 100, imagesPerDay: 100, spendPerDayUsd: 0.01 });
    const f = await failureOf(limits.admit('ana', 1, 0.2));
    expect(f.error.code).toBe('budget_exceeded');
    expect(f.error.message).toMatch(/may cost up to \$0\.200/);
    expect((await limits.remaining('ana')).imagesToday).toBe(100);
    // The request itself counts against the per-minute limit; nothing of the daily budget is used.
    expect((await limits.remaining('ana')).requestsThisMinute).toBe(99);
  });

  it('holds one reservation against both the daily and the monthly cap, naming whichever refuses', async () => {
    const limits = limitsOf({ requestsPerMinute: 100, imagesPerDay: 100, spendPerDayUsd: 1, spendPerMonthUsd: 0.01 });
    const first = await limits.admit('ana', 1, 0.006);
    // Reserved, not yet settled: the month has $0.004 left, which the next estimate does not fit.
    const f = await failureOf(limits.admit('ana', 1, 0.006));
    expect(f.error.message).toMatch(/\$0\.004 of the monthly spend cap of \$0\.01 is left/);
    await limits.settle(first, 1, 0.005);
    const left = await limits.remaining('ana');
    expect(left.spendTodayUsd).toBeCloseTo(0.995, 6);
    expect(left.spendThisMonthUsd).toBeCloseTo(0.005, 6);
    await limits.recordSpend('ana', 0.005);
    expect((await failureOf(limits.admit('ana', 1))).error.message).toMatch(/^Monthly spend cap of \$0\.01 reached; it resets/);
    expect((await limits.remaining('ben')).spendThisMonthUsd).toBeCloseTo(0.01, 6);
  });

  it('restores spend from the ledger: the last day against the daily cap, the month against the monthly one', async () => {
    const limits = limitsOf({ requestsPerMinute: 100, imagesPerDay: 100, spendPerDayUsd: 1, spendPerMonthUsd: 10 });
    const now = Date.parse('2026-05-20T12:00:00Z');
    const ledger = [
      { at: Date.parse('2026-04-30T23:00:00Z'), token: 'ana', usd: 5 }, // last month
      { at: Date.parse('2026-05-02T10:00:00Z'), token: 'ana', usd: 2 }, // this month
      { at: Date.parse('2026-05-20T08:00:00Z'), token: 'ana', usd: 0.25 }, // today
      { at: Date.parse('2026-05-20T09:00:00Z'), token: 'ben', usd: 0.5 },
    ];
    const read = async (from: number, to: number) => ledger.filter((e) => e.at >= from && e.at < to);
    await restoreSpendFromLedger(limits, ['ana', 'ben'], read, now);
    const ana = await limits.remaining('ana', now);
    expect(ana.spendTodayUsd).toBeCloseTo(0.75, 6);
    expect(ana.spendThisMonthUsd).toBeCloseTo(10 - 2.25, 6);
    expect(await limits.remaining('ben', now)).toMatchObject({ spendTodayUsd: 0.5, spendThisMonthUsd: 9.5 });
    // June is a new month.
    expect((await limits.remaining('ana', Date.parse('2026-06-01T00:00:00Z'))).spendThisMonthUsd).toBe(10);
  });
});

describe('MemoryCounters', () => {
  it('starts a counter’s window at its first use and resets it when the window ends; a null window never does', async () => {
    const counters = new MemoryCounters();
    const day = { key: 'images:ana', cap: 2, windowMs: 1_000 };
    const month = { key: 'usd-month:ana@2026-05', cap: 2, windowMs: null };
    expect((await counters.take([{ spec: day, points: 2, into: 'used' }, { spec: month, points: 2, into: 'reserved' }], 10_000)).refused).toBeUndefined();
    const refused = await counters.take([{ spec: day, points: 1, into: 'used' }], 10_999);
    expect(refused).toMatchObject({ refused: 0, states: [{ used: 2, windowEnd: 11_000 }] });
    expect((await counters.take([{ spec: day, points: 1, into: 'used' }], 11_000)).refused).toBeUndefined();
    expect(await counters.get([day, month], 1e12)).toEqual([
      { used: 0, reserved: 0, windowEnd: 1e12 + 1_000 },
      { used: 0, reserved: 2, windowEnd: null },
    ]);
  });
});
