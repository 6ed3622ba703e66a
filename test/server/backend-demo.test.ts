/** The backend over real HTTP with the offline demo provider: routes, access, CORS, validation, SSE. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_ID_HEADER, type CompletedImageEvent, type HealthResponse, type ImagesResponse } from '../../contract/api';
import { pngSize, readSse, startTestBackend, type TestBackend } from './helpers';

let backend: TestBackend;
beforeAll(async () => {
  backend = await startTestBackend();
});
afterAll(() => backend.close(1000));

describe('health', () => {
  it('answers without a token and says the demo provider serves images', async () => {
    const res = await backend.call('/v1/health', { token: null });
    expect(res.status).toBe(200);
    const body = (await res.json()) as HealthResponse;
    expect(body).toMatchObject({ status: 'ok', version: expect.any(String), provider: 'demo', defaultModel: 'gpt-image-2' });
    expect(body.store).toMatchObject({ ok: true });
    expect(body.upstream?.state).toMatch(/unknown|ok/);
  });
});

describe('access', () => {
  it('refuses a missing or unknown token with an OpenAI-shaped error', async () => {
    const missing = await backend.call('/v1/images/generations', { token: null, json: { prompt: 'x' } });
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { error: { code: string } }).error).toMatchObject({ code: 'missing_access_token', type: 'invalid_request_error', param: null });
    const wrong = await backend.call('/v1/images/generations', { token: 'nope', json: { prompt: 'x' } });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('invalid_access_token');
  });

  it('never writes a token into its logs', () => {
    expect(backend.logs.join('\n')).not.toContain('test-access-token');
  });
});

describe('CORS', () => {
  it("allows Figma's null origin, preflight included, and exposes the job id header", async () => {
    const pre = await backend.call('/v1/images/generations', {
      method: 'OPTIONS',
      token: null,
      headers: { origin: 'null', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('null');
    expect(pre.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const res = await backend.call('/v1/health', { token: null, headers: { origin: 'null' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('null');
    expect(res.headers.get('access-control-expose-headers')?.toLowerCase()).toContain(JOB_ID_HEADER);
  });

  it('gives other origins nothing', async () => {
    const res = await backend.call('/v1/health', { token: null, headers: { origin: 'https://evil.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('POST /v1/images/generations', () => {
  it('answers JSON with an image of the requested size and a job id', async () => {
    const res = await backend.call('/v1/images/generations', { json: { prompt: 'a red bicycle', size: '1536x1024', quality: 'low' } });
    expect(res.status).toBe(200);
    expect(res.headers.get(JOB_ID_HEADER)).toMatch(/^job_/);
    const body = (await res.json()) as ImagesResponse;
    expect(body.data).toHaveLength(1);
    expect(body.size).toBe('1536x1024');
    expect(pngSize(Buffer.from(body.data![0]!.b64_json!, 'base64'))).toEqual({ width: 1536, height: 1024 });
  });

  it('streams partial images then the final one as SSE', async () => {
    const res = await backend.call('/v1/images/generations', {
      json: { prompt: 'poster', size: '1024x1536', stream: true, partial_images: 2 },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = await readSse(res);
    expect(events.map((e) => e.event)).toEqual([
      'image_generation.partial_image',
      'image_generation.partial_image',
      'image_generation.completed',
    ]);
    const done = JSON.parse(events[2]!.data) as CompletedImageEvent;
    expect(done.type).toBe('image_generation.completed');
    expect(pngSize(Buffer.from(done.b64_json, 'base64'))).toEqual({ width: 1024, height: 1536 });
    expect(events[0]!.data).not.toBe(events[2]!.data);
  });

  it.each([
    [{ prompt: '' }, 'invalid_request', 'prompt'],
    [{ prompt: 'x'.repeat(32_001) }, 'invalid_request', 'prompt'],
    [{ prompt: 'x', n: 5 }, 'invalid_request', 'n'],
    [{ prompt: 'x', model: 'dall-e-3' }, 'model_retired', 'model'],
    [{ prompt: 'x', model: 'gpt-image-9' }, 'unsupported_model', 'model'],
    [{ prompt: 'x', size: '1000x1000' }, 'invalid_size', 'size'],
    [{ prompt: 'x', size: '4096x1024' }, 'invalid_size', 'size'],
    [{ prompt: 'x', response_format: 'url' }, 'invalid_request', 'response_format'],
    [{ prompt: 'x', background: 'transparent', output_format: 'jpeg' }, 'invalid_request', 'output_format'],
  ])('refuses %j with %s on %s', async (json, code, param) => {
    const res = await backend.call('/v1/images/generations', { json });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; param: string; message: string } };
    expect(error.code).toBe(code);
    expect(error.param).toBe(param);
    expect(error.message.length).toBeGreaterThan(5);
  });

  it('refuses a body that is not JSON, and one that is too large', async () => {
    const bad = await backend.call('/v1/images/generations', { method: 'POST', body: '{nope', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
    const big = await backend.call('/v1/images/generations', { json: { prompt: 'x', user: 'y'.repeat(400_000) } });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });

  it('answers unknown routes with a not_found error body', async () => {
    const res = await backend.call('/v1/nothing');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});
