/**
 * Never lose a paid image, never overspend: a full disk, partial answers, spend reserved at admission, refunds,
 * the Responses API's usage, moderation of everything a request carries, and previous_response_id ownership.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { INCOMPLETE_HEADER, JOB_ID_HEADER, type ImagesResponse, type JobInfo } from '../../contract/api';
import { failure } from '../../server/http/errors';
import { writeAtomic } from '../../server/jobs/atomic-write';
import { createDemoProvider } from '../../server/providers/demo';
import type { ImageProvider, ProviderEvent } from '../../server/providers/types';
import { startOpenAIStandIn, type StandIn } from '../standin';
import { readSse, solidPng, startTestBackend, type TestBackend } from './helpers';

let standIn: StandIn;
const backends: TestBackend[] = [];
const start = async (...args: Parameters<typeof startTestBackend>) => {
  const b = await startTestBackend(...args);
  backends.push(b);
  return b;
};
const upstream = (env: Record<string, string> = {}) => ({ OPENAI_API_KEY: standIn.apiKey, OPENAI_BASE_URL: standIn.baseURL, ...env });

beforeAll(async () => {
  standIn = await startOpenAIStandIn();
});
afterAll(async () => {
  for (const b of backends) await b.close(1000);
  await standIn.close();
});
beforeEach(() => standIn.reset());

/** A file system that is full: every write fails as Node reports ENOSPC. */
const fullDisk: typeof writeAtomic = async (path) => {
  throw Object.assign(new Error(`ENOSPC: no space left on device, open '${path}'`), { code: 'ENOSPC', errno: -28, syscall: 'open' });
};

describe('a full disk', () => {
  it('never stops a paid image from reaching the client: it is relayed, the job marked unsaved, health degraded', async () => {
    let full = false;
    const backend = await start({ storeWrite: (path, data, options) => (full ? fullDisk(path, data, options) : writeAtomic(path, data, options)) });
    full = true;
    const res = await backend.call('/v1/images/generations', { json: { prompt: 'no room', size: '1024x1024' } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as ImagesResponse;
    expect(body.data).toHaveLength(1);
    expect(res.headers.get(INCOMPLETE_HEADER)).toBe('1/1');
    expect(body.figment?.unsaved).toMatch(/disk is full/);
    expect(backend.logs.some((l) => l.includes('image not stored; relayed anyway'))).toBe(true);

    const streamed = await backend.call('/v1/images/generations', { json: { prompt: 'no room, streamed', size: '1024x1024', stream: true } });
    expect((await readSse(streamed)).map((e) => e.event)).toContain('image_generation.completed');

    const info = (await (await backend.call(`/v1/jobs/${res.headers.get(JOB_ID_HEADER)}`)).json()) as JobInfo;
    expect(info.unsaved).toMatch(/disk is full/);
    // Kept in memory meanwhile: the owner can still fetch it.
    const image = await backend.call(info.images[0]!.url);
    expect(image.status).toBe(200);
    expect(Buffer.from(await image.arrayBuffer()).equals(Buffer.from(body.data![0]!.b64_json!, 'base64'))).toBe(true);
    expect(((await (await backend.call('/v1/health', { token: null })).json()) as { status: string }).status).toBe('degraded');
  });
});

describe('partial answers', () => {
  it('without streaming, n=2 with the second image failing says so in a header and a field', async () => {
    const demo = createDemoProvider({ delayMs: 0 });
    const provider: ImageProvider = {
      ...demo,
      async generate(params, signal) {
        const events = await demo.generate(params, signal);
        return (async function* (): AsyncGenerator<ProviderEvent> {
          for await (const event of events) {
            yield event;
            if (event.type === 'image_generation.completed') throw failure(502, 'upstream_error', 'OpenAI failed on the second image.');
          }
        })();
      },
    };
    const backend = await start({ provider });
    const res = await backend.call('/v1/images/generations', { json: { prompt: 'two please', size: '1024x1024', n: 2 } });
    expect(res.status).toBe(200);
    expect(res.headers.get(INCOMPLETE_HEADER)).toBe('1/2');
    const body = (await res.json()) as ImagesResponse;
    expect(body.data).toHaveLength(1);
    expect(body.figment).toMatchObject({ requested: 2, delivered: 1, error: { code: 'upstream_error' } });
    // A complete answer carries neither.
    const whole = await backend.call('/v1/images/generations', { json: { prompt: 'one please', size: '1024x1024' } });
    expect(whole.headers.get(INCOMPLETE_HEADER)).toBeNull();
    expect(((await whole.json()) as ImagesResponse).figment).toBeUndefined();
  });
});

describe('budgets', () => {
  it('admits only what the spend cap covers when 50 requests arrive at once', async () => {
    const backend = await start({ env: upstream({ FIGMENT_SPEND_PER_DAY_USD: '0.01', FIGMENT_RATE_LIMIT_RPM: '1000', FIGMENT_MODERATION: 'off' }) });
    const results = await Promise.all(
      Array.from({ length: 50 }, () => backend.call('/v1/images/generations', { json: { prompt: 'race', size: '1024x1024', quality: 'low' } })),
    );
    const statuses = results.map((r) => r.status);
    await Promise.all(results.map((r) => r.arrayBuffer()));
    // One low-quality 1024x1024 image is estimated (and, by the stand-in, charged) at $0.0059: one fits under
    // $0.01, two do not, however the requests interleave with the first one's end.
    // Exactly one is admitted (it ends 200, or, on a badly loaded machine, in an upstream timeout).
    expect(statuses.filter((s) => s !== 429)).toHaveLength(1);
  });

  it('gives back the images of requests that failed upstream in a burst', async () => {
    const backend = await start({ env: upstream({ FIGMENT_IMAGES_PER_DAY: '100', FIGMENT_RATE_LIMIT_RPM: '1000', FIGMENT_MODERATION: 'off' }), config: { upstreamMaxRetries: 0 } });
    standIn.setFaults({ status5xx: 4 });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => backend.call('/v1/images/generations', { json: { prompt: `burst ${i}`, size: '1024x1024', quality: 'low' } })),
    );
    await Promise.all(results.map((r) => r.arrayBuffer()));
    // Four fail upstream (more if a loaded machine times one out); every image not made is given back.
    const made = results.filter((r) => r.status === 200).length;
    expect(made).toBeLessThanOrEqual(16);
    expect(made).toBeGreaterThanOrEqual(12);
    await backend.jobs.flush();
    await new Promise((r) => setTimeout(r, 50));
    const config = (await (await backend.call('/v1/config')).json()) as { remaining: { imagesToday: number } };
    expect(config.remaining.imagesToday).toBe(100 - made);
  });

  it('/v1/responses counts what the image tool used against the spend cap', async () => {
    const backend = await start({ env: upstream({ FIGMENT_SPEND_PER_DAY_USD: '0.01', FIGMENT_MODERATION: 'off' }) });
    const turn = { model: 'gpt-5.5', input: 'a small lighthouse', tools: [{ type: 'image_generation', size: '1024x1024', quality: 'low' }] };
    const first = await backend.call('/v1/responses', { json: turn });
    expect(first.status).toBe(200);
    await backend.jobs.flush();
    await new Promise((r) => setTimeout(r, 50));
    const config = (await (await backend.call('/v1/config')).json()) as { remaining: { spendTodayUsd: number } };
    expect(config.remaining.spendTodayUsd).toBeLessThan(0.0045);
    const second = await backend.call('/v1/responses', { json: turn });
    expect(second.status).toBe(429);
    expect(((await second.json()) as { error: { code: string } }).error.code).toBe('budget_exceeded');
  });
});

describe('moderation of everything a request carries', () => {
  const moderations = () => standIn.requests.filter((r) => r.path === '/v1/moderations');
  const imagesIn = (json: unknown) => ((json as { input: Array<{ type: string }> }).input ?? []).filter((p) => p.type === 'image_url').length;

  it('refuses a conversation whose instructions are flagged, before any paid call', async () => {
    const backend = await start({ env: upstream() });
    standIn.setFaults({ flagModeration: ['forbidden'] });
    const res = await backend.call('/v1/responses', {
      json: { input: 'a calm lake', instructions: 'something forbidden', tools: [{ type: 'image_generation', size: '1024x1024' }] },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('moderation_blocked');
    expect(standIn.requests.filter((r) => r.path === '/v1/responses')).toHaveLength(0);
  });

  it('sends a conversation’s input images and an edit’s mask to moderation when images are moderated', async () => {
    const backend = await start({ env: upstream({ FIGMENT_MODERATE_IMAGES: '1' }) });
    const png = `data:image/png;base64,${solidPng(32, 32).toString('base64')}`;
    const turn = await backend.call('/v1/responses', {
      json: {
        input: [{ role: 'user', content: [{ type: 'input_text', text: 'tint it' }, { type: 'input_image', image_url: png }] }],
        tools: [{ type: 'image_generation', size: '1024x1024', input_image_mask: { image_url: png } }],
      },
    });
    expect(turn.status).toBe(200);
    expect(imagesIn(moderations().at(-1)!.json)).toBe(2);

    const form = new FormData();
    form.append('prompt', 'fill the hole');
    form.append('size', '1024x1024');
    form.append('image', new Blob([new Uint8Array(solidPng(32, 32))]), 'frame.png');
    form.append('mask', new Blob([new Uint8Array(solidPng(32, 32, [0, 0, 0, 0]))]), 'mask.png');
    const edit = await backend.call('/v1/images/edits', { method: 'POST', body: form });
    expect(edit.status).toBe(200);
    expect(imagesIn(moderations().at(-1)!.json)).toBe(2);
  });
});

describe('previous_response_id', () => {
  it('continues only a response this token’s own job produced', async () => {
    const backend = await start({ env: upstream({ FIGMENT_MODERATION: 'off' }) });
    const tools = [{ type: 'image_generation', size: '1024x1024', quality: 'low' }];
    const first = await backend.call('/v1/responses', { json: { input: 'a boat', tools } });
    const id = ((await first.json()) as { id: string }).id;
    expect(id).toMatch(/^resp_/);
    const asBen = await backend.call('/v1/responses', { json: { input: 'bigger', previous_response_id: id, tools }, token: 'test-access-token-ben' });
    expect(asBen.status).toBe(404);
    const unknown = await backend.call('/v1/responses', { json: { input: 'bigger', previous_response_id: 'resp_someone_elses', tools } });
    expect(unknown.status).toBe(404);
    expect(standIn.requests.filter((r) => r.path === '/v1/responses')).toHaveLength(1);
    const asAna = await backend.call('/v1/responses', { json: { input: 'bigger', previous_response_id: id, tools } });
    expect(asAna.status).toBe(200);
  });
});
