import { describe, expect, it } from 'vitest';
import { ApiFailure } from '../../server/http/errors';
import { UsageLimits, type TokenLimits } from '../../server/limits';

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
    await expect(limits.admit('ben', 1)).resolves.toBeUndefined();
  });

  it('counts images per day, and refunds the ones never produced', async () => {
    const limits = limitsOf({ requestsPerMinute: 100, imagesPerDay: 5 });
    await limits.admit('ana', 4);
    const f = await failureOf(limits.admit('ana', 2));
    expect(f.error.code).toBe('budget_exceeded');
    expect(f.error.message).toMatch(/5 images/);
    await limits.refund('ana', 3);
    await expect(limits.admit('ana', 2)).resolves.toBeUndefined();
    expect((await limits.remaining('ana')).imagesToday).toBe(0);
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
});
