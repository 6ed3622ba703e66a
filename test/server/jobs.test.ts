/** Jobs: cancel aborts the upstream call, a token sees only its own jobs, limits over HTTP, image moderation. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JOB_ID_HEADER, type BackendConfig, type JobInfo, type JobList } from '../../contract/api';
import { startOpenAIStandIn, type StandIn } from '../standin';
import { readSse, solidPng, startTestBackend, type TestBackend } from './helpers';

let standIn: StandIn;
let backend: TestBackend;
beforeAll(async () => {
  standIn = await startOpenAIStandIn();
  backend = await startTestBackend({
    env: { OPENAI_API_KEY: standIn.apiKey, OPENAI_BASE_URL: standIn.baseURL, FIGMENT_MODERATE_IMAGES: '1', FIGMENT_RATE_LIMIT_RPM: '12' },
  });
});
afterAll(async () => {
  await backend.close(1000);
  await standIn.close();
});
beforeEach(() => standIn.reset());

const ben = { token: 'test-access-token-ben' };

describe('jobs', () => {
  it('DELETE cancels a running job and aborts its upstream call', async () => {
    standIn.setOptions({ partialIntervalMs: 2_000 });
    try {
      const res = await backend.call('/v1/images/generations', { json: { prompt: 'slow', size: '1024x1024', stream: true, partial_images: 3 } });
      const jobId = res.headers.get(JOB_ID_HEADER)!;
      const events = readSse(res);
      const cancel = await backend.call(`/v1/jobs/${jobId}`, { method: 'DELETE' });
      expect(cancel.status).toBe(200);
      expect(((await cancel.json()) as JobInfo).status).toBe('cancelled');
      const seen = await events;
      expect(seen.at(-1)?.event).toBe('error');
      expect(JSON.parse(seen.at(-1)!.data).error.code).toBe('job_cancelled');
      await expect.poll(() => standIn.requests.find((r) => r.path === '/v1/images/generations')?.aborted).toBe(true);
      const again = await backend.call(`/v1/jobs/${jobId}`, { method: 'DELETE' });
      expect(again.status).toBe(409);
    } finally {
      standIn.setOptions({ partialIntervalMs: 0 });
    }
  });

  it('lists, describes and serves a finished job to its own token only', async () => {
    const res = await backend.call('/v1/images/generations', { json: { prompt: 'mine', size: '1024x1024' } });
    const jobId = res.headers.get(JOB_ID_HEADER)!;
    await res.json();
    const list = (await (await backend.call('/v1/jobs')).json()) as JobList;
    const info = list.data.find((j) => j.id === jobId)!;
    expect(info).toMatchObject({ status: 'succeeded', kind: 'generation', model: 'gpt-image-2', size: '1024x1024', n: 1 });
    // Who ran it, by token name (Recent's detail and its Mine filter), and the name the asking token has.
    expect(info.owner).toBe('ana');
    expect(((await (await backend.call(`/v1/jobs/${jobId}`)).json()) as JobInfo).owner).toBe('ana');
    expect(((await (await backend.call('/v1/config')).json()) as BackendConfig).tokenName).toBe('ana');
    expect(((await (await backend.call('/v1/config', ben)).json()) as BackendConfig).tokenName).toBe('ben');
    // The default history: each token lists and reads only its own jobs (team history: team-history.test.ts).
    expect(((await (await backend.call('/v1/config', ben)).json()) as BackendConfig).history).toBe('own');
    expect(info.usage?.output_tokens).toBeGreaterThan(0);
    const image = await backend.call(info.images[0]!.url);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer()).equals(Buffer.from(standIn.replies[0]!.finals[0]!))).toBe(true);

    const theirs = (await (await backend.call('/v1/jobs', ben)).json()) as JobList;
    expect(theirs.data.some((j) => j.id === jobId)).toBe(false);
    for (const path of [`/v1/jobs/${jobId}`, info.images[0]!.url]) {
      const other = await backend.call(path, ben);
      expect(other.status).toBe(404);
      expect(((await other.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
    expect((await backend.call(`/v1/jobs/${jobId}`, { ...ben, method: 'DELETE' })).status).toBe(404);
    expect((await backend.call('/v1/jobs/job_../../etc')).status).toBe(404);
  });

  it('sends uploaded images to moderation when configured, refusing a flagged one before the edit', async () => {
    standIn.setFaults({ flagModeration: ['data:image/png'] });
    const form = new FormData();
    form.append('prompt', 'harmless words');
    form.append('image', new Blob([new Uint8Array(solidPng(8, 8))]), 'a.png');
    const res = await backend.call('/v1/images/edits', { method: 'POST', body: form });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('moderation_blocked');
    const moderation = standIn.requests.find((r) => r.path === '/v1/moderations')!;
    expect(JSON.stringify(moderation.json)).toContain('"type":"image_url"');
    expect(moderation.requestErrors).toEqual([]);
    expect(standIn.requests.some((r) => r.path === '/v1/images/edits')).toBe(false);
  });

  it('refuses requests past the rate limit with 429, Retry-After and the limit named; /v1/config shows what is left', async () => {
    const before = (await (await backend.call('/v1/config', ben)).json()) as BackendConfig;
    expect(before.limits).toMatchObject({ requestsPerMinute: 12, imagesPerDay: 500, spendPerDayUsd: null, maxImagesPerRequest: 4 });
    expect(before.models.map((m) => m.id)).toEqual(['gpt-image-2']);
    expect(before.moderation).toBe('on');
    let limited: Response | undefined;
    for (let i = 0; i < 13 && !limited; i++) {
      const res = await backend.call('/v1/images/generations', { ...ben, json: { prompt: `n${i}`, size: '1024x1024', quality: 'low' } });
      if (res.status === 429) limited = res;
      else await res.arrayBuffer();
    }
    expect(limited).toBeDefined();
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    const { error } = (await limited!.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('rate_limited');
    expect(error.message).toMatch(/12 requests per minute/);
    const after = (await (await backend.call('/v1/config', ben)).json()) as BackendConfig;
    expect(after.remaining.imagesToday).toBeLessThan(before.remaining.imagesToday);
  });
});
