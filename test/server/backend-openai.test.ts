/**
 * The backend with the real `openai` SDK provider, pointed at the loopback stand-in for OpenAI. What the backend
 * sends upstream and what comes back are validated against OpenAI's published spec.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JOB_ID_HEADER, type CompletedImageEvent, type ErrorEvent, type ImagesResponse, type JobInfo } from '../../contract/api';
import { validateAgainst } from '../spec/openapi';
import { startOpenAIStandIn, type StandIn } from '../standin';
import { readSse, startTestBackend, TOKEN, type TestBackend } from './helpers';

let standIn: StandIn;
let backend: TestBackend;

beforeAll(async () => {
  standIn = await startOpenAIStandIn();
  backend = await startTestBackend({
    env: { OPENAI_API_KEY: standIn.apiKey, OPENAI_BASE_URL: standIn.baseURL },
    config: { upstreamMaxRetries: 1, upstreamTimeoutMs: 2_000, upstreamIdleMs: 1_000 },
  });
  // The stand-in compiles OpenAI's schemas on its first request, which can outlast the 2 s upstream timeout on a
  // loaded machine: one request first, so the tests' timeouts measure the backend, not Ajv.
  await backend.call('/v1/images/generations', { json: { prompt: 'warm-up', size: '1024x1024' } }).then((r) => r.body?.cancel());
});
afterAll(async () => {
  await backend.close(1000);
  await standIn.close();
});
beforeEach(() => standIn.reset());

const generate = (json: Record<string, unknown>) => backend.call('/v1/images/generations', { json });
/** What reached the image routes (moderation calls come first and are checked on their own). */
const imageRequests = () => standIn.requests.filter((r) => r.path.startsWith('/v1/images'));

describe('generations through OpenAI', () => {
  it('sends a spec-valid request with the model named, and relays spec-valid SSE events', async () => {
    const res = await generate({ prompt: 'a lighthouse at dusk', size: '1536x864', quality: 'medium', stream: true, partial_images: 2 });
    expect(res.status).toBe(200);
    expect(res.headers.get(JOB_ID_HEADER)).toMatch(/^job_/);
    const events = await readSse(res);
    expect(events.map((e) => e.event)).toEqual(['image_generation.partial_image', 'image_generation.partial_image', 'image_generation.completed']);
    for (const e of events) {
      const body = JSON.parse(e.data) as { type: string };
      const schema = body.type === 'image_generation.completed' ? 'ImageGenCompletedEvent' : 'ImageGenPartialImageEvent';
      expect(validateAgainst(schema, body)).toEqual([]);
    }

    expect(imageRequests()).toHaveLength(1);
    const sent = imageRequests()[0]!;
    expect(sent.path).toBe('/v1/images/generations');
    expect(sent.headers.authorization).toBe(`Bearer ${standIn.apiKey}`);
    expect(validateAgainst('CreateImageRequest', sent.json)).toEqual([]);
    expect(sent.json).toMatchObject({ model: 'gpt-image-2', prompt: 'a lighthouse at dusk', size: '1536x864', quality: 'medium', stream: true, partial_images: 2 });

    const done = JSON.parse(events[2]!.data) as CompletedImageEvent;
    expect(Buffer.from(done.b64_json, 'base64').equals(Buffer.from(standIn.replies[0]!.finals[0]!))).toBe(true);
  });

  it('answers a non-streaming request with a spec-valid ImagesResponse carrying usage', async () => {
    const res = await generate({ prompt: 'flat icon', size: '1024x1024', quality: 'high' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as ImagesResponse;
    expect(validateAgainst('ImagesResponse', body)).toEqual([]);
    expect(body.usage?.output_tokens).toBeGreaterThan(0);
    expect(Buffer.from(body.data![0]!.b64_json!, 'base64').equals(Buffer.from(standIn.replies[0]!.finals[0]!))).toBe(true);
  });

  it('works for the openai SDK itself pointed at the backend', async () => {
    const client = new OpenAI({ apiKey: TOKEN, baseURL: `${backend.url}/v1`, maxRetries: 0 });
    const plain = await client.images.generate({ model: 'gpt-image-2', prompt: 'sdk plain', size: '1024x1024' });
    expect(plain.data?.[0]?.b64_json?.length).toBeGreaterThan(100);
    const stream = await client.images.generate({ model: 'gpt-image-2', prompt: 'sdk stream', size: '1024x1024', stream: true, partial_images: 1 });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types).toEqual(['image_generation.partial_image', 'image_generation.completed']);
  });
});

describe('upstream refusals and faults', () => {
  it("passes OpenAI's content-policy refusal on as moderation_blocked with its categories", async () => {
    standIn.setFaults({ moderationBlocked: true });
    const res = await generate({ prompt: 'something refused', size: '1024x1024', stream: true });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; moderation_details?: unknown } };
    expect(validateAgainst('ErrorResponse', body)).toEqual([]);
    expect(body.error.code).toBe('moderation_blocked');
    expect(body.error.moderation_details).toBeDefined();
    expect(imageRequests()).toHaveLength(1);
  });

  it('retries a 429 honouring Retry-After, then succeeds', async () => {
    standIn.setFaults({ status429: 1 });
    const res = await generate({ prompt: 'retry me', size: '1024x1024' });
    expect(res.status).toBe(200);
    expect(imageRequests()).toHaveLength(2);
  });

  it('reports a 429 that outlasts the retries as rate_limited with Retry-After', async () => {
    standIn.setFaults({ status429: 5 });
    const res = await generate({ prompt: 'still limited', size: '1024x1024' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBeTruthy();
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
  });

  it('reports upstream 5xx as upstream_error after retrying', async () => {
    standIn.setFaults({ status5xx: 5 });
    const res = await generate({ prompt: 'broken', size: '1024x1024' });
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('upstream_error');
    expect(imageRequests()).toHaveLength(2);
  });

  it('reports a rejected upstream key as upstream_auth_failed, never echoing the key', async () => {
    standIn.setFaults({ invalidKey: true });
    const res = await generate({ prompt: 'x', size: '1024x1024' });
    expect(res.status).toBe(502);
    const text = await res.text();
    expect(JSON.parse(text).error.code).toBe('upstream_auth_failed');
    expect(text).not.toContain(standIn.apiKey);
  });

  it('ends a stream cut mid-way with an error event', async () => {
    standIn.setFaults({ cutStreamAfterPartials: 1 });
    const res = await generate({ prompt: 'cut', size: '1024x1024', stream: true, partial_images: 3 });
    const events = await readSse(res);
    expect(events.at(0)?.event).toBe('image_generation.partial_image');
    const last = events.at(-1)!;
    expect(last.event).toBe('error');
    expect((JSON.parse(last.data) as ErrorEvent).error.code).toBe('upstream_error');
  });

  it('ends a stream with a malformed event with an error event', async () => {
    standIn.setFaults({ malformedEvent: true });
    const res = await generate({ prompt: 'garbled', size: '1024x1024', stream: true, partial_images: 1 });
    const events = await readSse(res);
    expect(events.at(-1)?.event).toBe('error');
  });

  it('gives up on an upstream that never answers with upstream_timeout', async () => {
    standIn.setFaults({ hang: true });
    const res = await generate({ prompt: 'silence', size: '1024x1024' });
    expect(res.status).toBe(504);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('upstream_timeout');
  });
});

describe('a client that goes away', () => {
  it('does not stop the job: the upstream call finishes and the image is kept', async () => {
    standIn.setOptions({ partialIntervalMs: 100 });
    try {
      const controller = new AbortController();
      const res = await backend.call('/v1/images/generations', {
        json: { prompt: 'keep me', size: '1024x1024', stream: true, partial_images: 3 },
        signal: controller.signal,
      });
      const jobId = res.headers.get(JOB_ID_HEADER)!;
      const reader = res.body!.getReader();
      await reader.read();
      controller.abort();
      // The plugin comes back later and recovers the image from the job store.
      let info: JobInfo | undefined;
      await expect
        .poll(async () => {
          info = (await (await backend.call(`/v1/jobs/${jobId}`)).json()) as JobInfo;
          return info.status;
        })
        .toBe('succeeded');
      const kept = await backend.call(info!.images[0]!.url);
      expect(Buffer.from(await kept.arrayBuffer()).equals(Buffer.from(standIn.replies[0]!.finals[0]!))).toBe(true);
      expect(imageRequests()[0]!.aborted).toBe(false);
    } finally {
      standIn.setOptions({ partialIntervalMs: 0 });
    }
  });
});

describe('the upstream key', () => {
  it('never appears in logs', () => {
    expect(backend.logs.length).toBeGreaterThan(0);
    expect(backend.logs.join('\n')).not.toContain(standIn.apiKey);
  });
});
