/** The moderation layer in front of paid calls: on (refuse), log-only, off; OpenAI's moderation endpoint via the stand-in. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIStandIn, type StandIn } from '../standin';
import { startTestBackend, type TestBackend } from './helpers';

let standIn: StandIn;
const backends: TestBackend[] = [];
const start = async (mode: string) => {
  const b = await startTestBackend({ env: { OPENAI_API_KEY: standIn.apiKey, OPENAI_BASE_URL: standIn.baseURL, FIGMENT_MODERATION: mode } });
  backends.push(b);
  return b;
};
beforeAll(async () => {
  standIn = await startOpenAIStandIn();
  standIn.setFaults({ flagModeration: ['forbidden'] });
});
afterAll(async () => {
  for (const b of backends) await b.close(1000);
  await standIn.close();
});

const imageCalls = () => standIn.requests.filter((r) => r.path.startsWith('/v1/images')).length;

describe('moderation', () => {
  it('on: a flagged prompt is refused with moderation_blocked and its categories, before any paid call', async () => {
    const backend = await start('on');
    const before = imageCalls();
    const res = await backend.call('/v1/images/generations', { json: { prompt: 'something forbidden', size: '1024x1024', stream: true } });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; moderation_details: { categories: string[] } } };
    expect(error.code).toBe('moderation_blocked');
    expect(error.moderation_details.categories).toEqual(['violence']);
    expect(imageCalls()).toBe(before);
    const moderation = standIn.requests.filter((r) => r.path === '/v1/moderations').at(-1)!;
    expect(moderation.json).toMatchObject({ model: 'omni-moderation-latest' });
    expect(moderation.requestErrors).toEqual([]);
    // A clean prompt goes through.
    const ok = await backend.call('/v1/images/generations', { json: { prompt: 'a calm lake', size: '1024x1024' } });
    expect(ok.status).toBe(200);
    // The refused job counts nothing against the image budget.
    const config = (await (await backend.call('/v1/config')).json()) as { remaining: { imagesToday: number } };
    expect(config.remaining.imagesToday).toBe(499);
  });

  it('log-only: a flagged prompt is logged and still served', async () => {
    const backend = await start('log-only');
    const res = await backend.call('/v1/images/generations', { json: { prompt: 'something forbidden', size: '1024x1024' } });
    expect(res.status).toBe(200);
    expect(backend.logs.some((l) => l.includes('moderation flagged a request') && l.includes('"enforced":false'))).toBe(true);
  });

  it('off: no moderation call at all', async () => {
    const backend = await start('off');
    const calls = standIn.requests.filter((r) => r.path === '/v1/moderations').length;
    const res = await backend.call('/v1/images/generations', { json: { prompt: 'something forbidden', size: '1024x1024' } });
    expect(res.status).toBe(200);
    expect(standIn.requests.filter((r) => r.path === '/v1/moderations').length).toBe(calls);
  });
});
