/**
 * Spend a finance team can read: monthly spend caps beside daily ones (same reserve-then-settle), and
 * GET /v1/admin/usage from the usage ledger kept beside the jobs, across a restart, as JSON and CSV.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROUTES, type JobList, type UsageReport } from '../../contract/api';
import { costFromUsage } from '../../core/cost';
import { estimateUsd } from '../../server/http/admission';
import { createDemoProvider } from '../../server/providers/demo';
import { startOpenAIStandIn, type StandIn } from '../standin';
import { readSse, startTestBackend, TOKEN, type TestBackend } from './helpers';

const ADMIN = 'test-admin-token-finance';
const BEN = 'test-access-token-ben';

let standIn: StandIn;
const backends: TestBackend[] = [];
const start = async (...args: Parameters<typeof startTestBackend>) => {
  const b = await startTestBackend(...args);
  backends.push(b);
  return b;
};
/** Ends a backend the way a deploy does (all writes flushed), so the next one starts on the same data. */
const stop = async (b: TestBackend) => {
  backends.splice(backends.indexOf(b), 1);
  await b.close(1000);
};
const upstream = (env: Record<string, string> = {}) => ({ OPENAI_API_KEY: standIn.apiKey, OPENAI_BASE_URL: standIn.baseURL, FIGMENT_MODERATION: 'off', ...env });
const generate = (b: TestBackend, body: Record<string, unknown>, token = TOKEN) =>
  b.call(ROUTES.generations, { json: { size: '1024x1024', quality: 'low', ...body }, token });
const report = async (b: TestBackend, query = '') => {
  const res = await b.call(`${ROUTES.adminUsage}${query}`, { token: ADMIN });
  expect(res.status).toBe(200);
  return (await res.json()) as UsageReport;
};

/** What the plugin's own job list says each token used: the figures the report must agree with. */
async function usedPerJobs(b: TestBackend, token: string) {
  const jobs = ((await (await b.call(ROUTES.jobs, { token })).json()) as JobList).data;
  const total = { images: 0, inputTextTokens: 0, inputImageTokens: 0, outputTokens: 0, usd: 0 };
  for (const job of jobs) {
    const u = job.usage!;
    total.images += job.images.length;
    total.inputTextTokens += u.input_tokens_details!.text_tokens;
    total.inputImageTokens += u.input_tokens_details!.image_tokens;
    total.outputTokens += u.output_tokens;
    total.usd += costFromUsage(job.model, u);
  }
  return total;
}

beforeAll(async () => {
  standIn = await startOpenAIStandIn();
});
afterAll(async () => {
  for (const b of backends) await b.close(1000);
  await standIn.close();
});
beforeEach(() => standIn.reset());

describe('GET /v1/admin/usage', () => {
  it('reports images, tokens by kind and dollars per token name from OpenAI’s usage, and keeps them across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'figment-usage-'));
    const env = upstream({ FIGMENT_ADMIN_TOKEN: ADMIN, FIGMENT_DATA_DIR: dataDir });
    const first = await start({ env });
    expect((await generate(first, { prompt: 'two boats', n: 2 })).status).toBe(200);
    const streamed = await generate(first, { prompt: 'a streamed kite', stream: true }, BEN);
    expect((await readSse(streamed)).map((e) => e.event)).toContain('image_generation.completed');
    const turn = await first.call(ROUTES.responses, { json: { model: 'gpt-5.5', input: 'a lighthouse', tools: [{ type: 'image_generation', size: '1024x1024', quality: 'low' }] } });
    expect(turn.status).toBe(200);
    await first.jobs.flush();

    const ana = await usedPerJobs(first, TOKEN);
    const ben = await usedPerJobs(first, BEN);
    expect(ana.images).toBe(3);
    expect(ana.usd).toBeGreaterThan(0);
    const today = new Date().toISOString().slice(0, 10);
    const byDay = await report(first);
    expect(byDay).toMatchObject({ by: 'day', from: `${today.slice(0, 7)}-01`, to: today });
    expect(byDay.rows.map((r) => [r.period, r.token])).toEqual([
      [today, 'ana'],
      [today, 'ben'],
    ]);
    const [anaRow, benRow] = byDay.rows;
    for (const [row, used] of [[anaRow!, ana], [benRow!, ben]] as const) {
      expect(row).toMatchObject({ images: used.images, inputTextTokens: used.inputTextTokens, inputImageTokens: used.inputImageTokens, outputTokens: used.outputTokens, estimatedImages: 0 });
      expect(row.usd).toBeCloseTo(used.usd, 6);
    }

    await stop(first);
    const second = await start({ env });
    expect((await report(second)).rows).toEqual(byDay.rows);
    // Retention takes the jobs and their images, never what they cost.
    await second.jobs.store.prune(Date.now() + 365 * 86_400_000);
    expect(((await (await second.call(ROUTES.jobs)).json()) as JobList).data).toEqual([]);
    expect((await report(second)).rows).toEqual(byDay.rows);
    const byMonth = await report(second, `?by=month&from=${today}&to=${today}`);
    expect(byMonth.rows.map((r) => [r.period, r.token, r.images])).toEqual([
      [today.slice(0, 7), 'ana', 3],
      [today.slice(0, 7), 'ben', 1],
    ]);
    // A range with nothing in it.
    expect((await report(second, '?from=2020-01&to=2020-12')).rows).toEqual([]);

    const csv = await second.call(`${ROUTES.adminUsage}?format=csv`, { token: ADMIN });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="figment-usage-.*\.csv"/);
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('period,token,images,input_text_tokens,input_image_tokens,output_tokens,usd,estimated_images');
    expect(lines[1]).toBe(
      [today, 'ana', 3, ana.inputTextTokens, ana.inputImageTokens, ana.outputTokens, anaRow!.usd.toFixed(6), 0].join(','),
    );
    expect(lines).toHaveLength(3);
  });

  it('enters an image OpenAI reported no usage for at its share of the request’s estimate, and says so', async () => {
    const demo = createDemoProvider({ delayMs: 0 });
    // The demo's events report zero tokens; presented as OpenAI, that is an image with no usage reported.
    const backend = await start({ env: { FIGMENT_ADMIN_TOKEN: ADMIN }, provider: { ...demo, kind: 'openai' } });
    expect((await generate(backend, { prompt: 'silent usage', n: 2 })).status).toBe(200);
    await backend.jobs.flush();
    const [row] = (await report(backend)).rows;
    expect(row).toMatchObject({ token: 'ana', images: 2, estimatedImages: 2, outputTokens: 0 });
    expect(row!.usd).toBeCloseTo(estimateUsd({ model: 'gpt-image-2', size: '1024x1024', quality: 'low', n: 2, partialImages: 0 }), 6);
  });

  it('answers the admin token only: access tokens, wrong and missing tokens are refused', async () => {
    const backend = await start({ env: { FIGMENT_ADMIN_TOKEN: ADMIN } });
    expect((await backend.call(ROUTES.adminUsage)).status).toBe(401);
    expect((await backend.call(ROUTES.adminUsage, { token: null })).status).toBe(401);
    expect((await backend.call(ROUTES.adminUsage, { token: `${ADMIN}x` })).status).toBe(401);
    // And the admin token is not an access token.
    expect((await backend.call(ROUTES.config, { token: ADMIN })).status).toBe(401);
    expect((await backend.call(ROUTES.adminUsage, { token: ADMIN })).status).toBe(200);
  });

  it('refuses a bad query with a message naming the parameter', async () => {
    const backend = await start({ env: { FIGMENT_ADMIN_TOKEN: ADMIN } });
    for (const [query, param] of [
      ['?by=week', 'by'],
      ['?format=xlsx', 'format'],
      ['?from=2026-02-30', 'from'],
      ['?from=yesterday', 'from'],
      ['?to=yesterday', 'to'],
      ['?from=2026-03-01&to=2026-02-28', 'to'],
    ] as const) {
      const res = await backend.call(`${ROUTES.adminUsage}${query}`, { token: ADMIN });
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as { error: { code: string; param: string; message: string } };
      expect(body.error).toMatchObject({ code: 'invalid_request', param });
      expect(body.error.message).toContain(`"${param}"`);
    }
  });

  it('is off, and says how to turn it on, without FIGMENT_ADMIN_TOKEN', async () => {
    const backend = await start();
    const res = await backend.call(ROUTES.adminUsage);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('FIGMENT_ADMIN_TOKEN');
  });

  it('refuses to start with a short admin token, or one that is also an access token', async () => {
    await expect(startTestBackend({ env: { FIGMENT_ADMIN_TOKEN: 'short' } })).rejects.toThrow(/FIGMENT_ADMIN_TOKEN must be at least 16/);
    await expect(startTestBackend({ env: { FIGMENT_ADMIN_TOKEN: TOKEN } })).rejects.toThrow(/differ from every access token/);
  });
});

describe('a monthly spend cap', () => {
  it('stops a token at its monthly cap, says so, and still does after a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'figment-usage-'));
    // One low-quality 1024x1024 image is estimated and charged at about $0.0059: one fits under $0.01, two do not.
    const env = upstream({ FIGMENT_SPEND_PER_MONTH_USD: '0.01', FIGMENT_DATA_DIR: dataDir });
    const first = await start({ env });
    expect((await generate(first, { prompt: 'the first' })).status).toBe(200);
    await first.jobs.flush();
    const refused = await generate(first, { prompt: 'the second' });
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('budget_exceeded');
    expect(body.error.message).toMatch(/monthly spend cap of \$0\.01/i);
    // A refusal at the monthly cap waits for the next month, not the next day.
    const nextMonth = new Date();
    nextMonth.setUTCMonth(nextMonth.getUTCMonth() + 1, 1);
    nextMonth.setUTCHours(0, 0, 0, 0);
    expect(Math.abs(Number(refused.headers.get('retry-after')) - (nextMonth.getTime() - Date.now()) / 1000)).toBeLessThan(5);
    const config = (await (await first.call(ROUTES.config)).json()) as { limits: { spendPerMonthUsd: number }; remaining: { spendThisMonthUsd: number } };
    expect(config.limits.spendPerMonthUsd).toBe(0.01);
    expect(config.remaining.spendThisMonthUsd).toBeLessThan(0.0045);
    // Ben has his own month.
    expect((await generate(first, { prompt: 'ben’s first' }, BEN)).status).toBe(200);

    await stop(first);
    const second = await start({ env });
    expect((await generate(second, { prompt: 'after the restart' })).status).toBe(429);
    expect(standIn.requests.filter((r) => r.path === '/v1/images/generations')).toHaveLength(2);
  });

  it('is set per token in the tokens file, beside the backend-wide one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'figment-tokens-'));
    const file = join(dir, 'tokens.json');
    writeFileSync(file, JSON.stringify({ tokens: [{ name: 'cleo', token: 'test-access-token-cleo', spendPerMonthUsd: 250 }] }));
    const backend = await start({ env: { FIGMENT_TOKENS_FILE: file, FIGMENT_SPEND_PER_MONTH_USD: '40' } });
    const limitsOf = async (token: string) => ((await (await backend.call(ROUTES.config, { token })).json()) as { limits: { spendPerMonthUsd: number } }).limits;
    expect((await limitsOf('test-access-token-cleo')).spendPerMonthUsd).toBe(250);
    expect((await limitsOf(TOKEN)).spendPerMonthUsd).toBe(40);

    writeFileSync(file, JSON.stringify({ tokens: [{ name: 'cleo', token: 'test-access-token-cleo', spendPerMonthUsd: 'lots' }] }));
    await expect(startTestBackend({ env: { FIGMENT_TOKENS_FILE: file } })).rejects.toThrow(/tokens\[0\]\.spendPerMonthUsd must be a positive number/);
    await expect(startTestBackend({ env: { FIGMENT_SPEND_PER_MONTH_USD: '-3' } })).rejects.toThrow(/FIGMENT_SPEND_PER_MONTH_USD must be a positive number/);
  });
});
