/**
 * Upstream waits are bounded and cancellable: a total budget across retries, a cap on Retry-After, waits ended
 * by DELETE /v1/jobs/{id} and by the client leaving, and SSE comments while waiting.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JOB_ID_HEADER, type JobInfo } from '../../contract/api';
import { startOpenAIStandIn, type StandIn } from '../standin';
import { startTestBackend, type TestBackend } from './helpers';

let standIn: StandIn;
const backends: TestBackend[] = [];
const start = async (env: Record<string, string>, config: Parameters<typeof startTestBackend>[0] = {}) => {
  const b = await startTestBackend({
    ...config,
    env: { OPENAI_API_KEY: standIn.apiKey, OPENAI_BASE_URL: standIn.baseURL, FIGMENT_MODERATION: 'off', ...env },
  });
  backends.push(b);
  return b;
};
beforeAll(async () => {
  standIn = await startOpenAIStandIn();
});
afterAll(async () => {
  for (const b of backends) await b.close(500);
  await standIn.close();
});
beforeEach(() => standIn.reset());

const imageCalls = () => standIn.requests.filter((r) => r.path.startsWith('/v1/images')).length;
const until = async (check: () => boolean | Promise<boolean>, tries = 100) => {
  for (let i = 0; i < tries && !(await check()); i++) await new Promise((r) => setTimeout(r, 50));
};

describe('upstream waits', () => {
  it('bounds the total time across retries: a hung upstream gets as many attempts as fit, not timeout x attempts', async () => {
    const backend = await start({ FIGMENT_UPSTREAM_TOTAL_MS: '1500' }, { config: { upstreamTimeoutMs: 1_000, upstreamMaxRetries: 5 } });
    standIn.setFaults({ hang: true });
    const res = await backend.call('/v1/images/generations', { json: { prompt: 'hung', size: '1024x1024' } });
    expect(res.status).toBe(504);
    expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'upstream_timeout' });
    expect(imageCalls()).toBeLessThanOrEqual(2);
  });

  it('does not obey a Retry-After beyond the cap: the 429 goes back to the client at once', async () => {
    const backend = await start({ FIGMENT_MAX_RETRY_AFTER_S: '30' }, { config: { upstreamMaxRetries: 3 } });
    standIn.setOptions({ retryAfterSeconds: 120 });
    standIn.setFaults({ status429: 5 });
    const res = await backend.call('/v1/images/generations', { json: { prompt: 'busy', size: '1024x1024' } });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('120');
    expect(imageCalls()).toBe(1);
  });

  it('streams SSE comments while waiting, and DELETE /v1/jobs/{id} ends the wait at once', async () => {
    const backend = await start({}, { config: { upstreamMaxRetries: 3 } });
    standIn.setOptions({ retryAfterSeconds: 20 });
    standIn.setFaults({ status429: 5 });
    const res = await backend.call('/v1/images/generations', { json: { prompt: 'wait', size: '1024x1024', stream: true } });
    expect(res.status).toBe(200);
    const id = res.headers.get(JOB_ID_HEADER)!;
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    const first = await reader.read();
    expect(first.value).toMatch(/^: waiting 20 s for OpenAI to retry \(rate_limited\)/);
    const cancelled = await backend.call(`/v1/jobs/${id}`, { method: 'DELETE' });
    expect(((await cancelled.json()) as JobInfo).status).toBe('cancelled');
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += chunk.value;
    expect(rest).toContain('job_cancelled');
    expect(imageCalls()).toBe(1);
  });

  it('a client that leaves while its request waits for a retry cancels the job: nothing was paid for yet', async () => {
    const backend = await start({}, { config: { upstreamMaxRetries: 3 } });
    standIn.setOptions({ retryAfterSeconds: 20 });
    standIn.setFaults({ status429: 5 });
    const leave = new AbortController();
    const res = await backend.call('/v1/images/generations', { json: { prompt: 'gone', size: '1024x1024', stream: true }, signal: leave.signal });
    const id = res.headers.get(JOB_ID_HEADER)!;
    leave.abort();
    let info: JobInfo | undefined;
    await until(async () => {
      info = (await (await backend.call(`/v1/jobs/${id}`)).json()) as JobInfo;
      return info.status !== 'running';
    });
    expect(info?.status).toBe('cancelled');
    expect(imageCalls()).toBe(1);
  });
});
