// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JOB_ID_HEADER, type ImageStreamEvent } from '../../contract/api';
import { createBackendClient } from '../../ui/api/client';
import { ApiErrorException, BackendUnreachableError } from '../../ui/api/errors';
import { base64ToBytes } from '../../ui/base64';
import { chunked, completedEvent, jsonResponse, partialEvent, pngBytes, sse, sseResponse } from './fixtures';

const settings = { backendUrl: 'http://127.0.0.1:8787/', accessToken: 'tok-123' };
const request = { model: 'gpt-image-2', prompt: 'a café in the rain ☂', size: '1024x1024', quality: 'medium' as const };

afterEach(() => vi.unstubAllGlobals());

async function collect(events: AsyncIterable<ImageStreamEvent>): Promise<ImageStreamEvent[]> {
  const all: ImageStreamEvent[] = [];
  for await (const e of events) all.push(e);
  return all;
}

describe('generateStream', () => {
  const p0 = pngBytes(8, 8, 1);
  const p1 = pngBytes(8, 8, 2);
  const final = pngBytes(16, 16, 3);
  // A keep-alive comment, an event Figment does not know, CRLF line ends in one event, and a multi-byte char.
  const text =
    ': keep-alive\n\n' +
    sse(partialEvent(p0, 0, '1024x1024')) +
    'event: figment.note\ndata: {"type":"figment.note","text":"é"}\n\n' +
    sse(partialEvent(p1, 1, '1024x1024')).replace(/\n/g, '\r\n') +
    sse(completedEvent(final, '1024x1024'));

  it.each([
    ['one byte at a time', Array.from({ length: 20_000 }, () => 1)],
    ['cuts inside field names, the JSON and the blank line', [3, 7, 1, 40, 1, 1, 900, 2, 5000, 13]],
    ['the whole body in one chunk', []],
  ])('parses the events, %s', async (_name, sizes) => {
    const fetchMock = vi.fn(async () => sseResponse(chunked(text, sizes), { [JOB_ID_HEADER]: 'job-42' }));
    vi.stubGlobal('fetch', fetchMock);
    const stream = await createBackendClient(settings).generateStream(request, {});
    expect(stream.jobId).toBe('job-42');
    const events = await collect(stream);
    expect(events.map((e) => e.type)).toEqual([
      'image_generation.partial_image',
      'image_generation.partial_image',
      'image_generation.completed',
    ]);
    expect(base64ToBytes(events[0]!.type === 'error' ? '' : events[0]!.b64_json)).toEqual(p0);
    const done = events[2]!;
    if (done.type !== 'image_generation.completed') throw new Error('expected completed');
    expect(base64ToBytes(done.b64_json)).toEqual(final);
    expect(done.usage.output_tokens).toBe(1756);
  });

  it('POSTs the request with the token and stream: true to the generations route', async () => {
    const fetchMock = vi.fn(async (_url: string, _init: RequestInit) => sseResponse(chunked(sse(completedEvent(final, '1024x1024')), [])));
    vi.stubGlobal('fetch', fetchMock);
    await collect(await createBackendClient(settings).generateStream(request, {}));
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('http://127.0.0.1:8787/v1/images/generations');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>).authorization).toBe('Bearer tok-123');
    expect(JSON.parse(init.body as string)).toEqual({ ...request, stream: true });
  });

  it('throws an ApiErrorException for an error event at the end of the stream', async () => {
    const error = { type: 'error', error: { message: 'Upstream timed out.', type: 'server_error', param: null, code: 'upstream_timeout' } };
    const body = sse(partialEvent(p0, 0, '1024x1024')) + `event: error\ndata: ${JSON.stringify(error)}\n\n`;
    vi.stubGlobal('fetch', async () => sseResponse(chunked(body, [50, 50]), { [JOB_ID_HEADER]: 'job-7' }));
    const stream = await createBackendClient(settings).generateStream(request, {});
    const seen: string[] = [];
    const failure = await (async () => {
      for await (const e of stream) seen.push(e.type);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['image_generation.partial_image']);
    expect(failure).toBeInstanceOf(ApiErrorException);
    expect((failure as ApiErrorException).code).toBe('upstream_timeout');
    expect((failure as ApiErrorException).jobId).toBe('job-7');
  });

  it('throws on an unreadable event instead of yielding garbage', async () => {
    vi.stubGlobal('fetch', async () => sseResponse(chunked('event: image_generation.completed\ndata: {not json\n\n', [])));
    const stream = await createBackendClient(settings).generateStream(request, {});
    await expect(collect(stream)).rejects.toMatchObject({ code: 'bad_event' });
  });
});

describe('errors', () => {
  it('turns a non-2xx ErrorResponse into an ApiErrorException with code, categories, job id and retry-after', async () => {
    const body = {
      error: {
        message: 'Your request was rejected by the safety system.',
        type: 'image_generation_user_error',
        param: null,
        code: 'moderation_blocked',
        moderation_details: { moderation_stage: 'input', categories: ['violence', 'harassment'] },
      },
    };
    vi.stubGlobal('fetch', async () => jsonResponse(400, body, { [JOB_ID_HEADER]: 'job-9', 'retry-after': '3' }));
    const failure = await createBackendClient(settings).generateStream(request, {}).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiErrorException);
    const e = failure as ApiErrorException;
    expect([e.status, e.code, e.jobId, e.retryAfterSeconds]).toEqual([400, 'moderation_blocked', 'job-9', 3]);
    expect(e.categories).toEqual(['violence', 'harassment']);
    expect(e.error.message).toBe('Your request was rejected by the safety system.');
  });

  it('gives a code-less error for a body that is not JSON', async () => {
    vi.stubGlobal('fetch', async () => new Response('<html>Bad gateway</html>', { status: 502 }));
    const failure = (await createBackendClient(settings).health().catch((e: unknown) => e)) as ApiErrorException;
    expect([failure.status, failure.code, failure.message]).toEqual([502, null, 'The backend answered HTTP 502.']);
  });

  it('says which URL it could not reach when fetch itself fails', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    const failure = await createBackendClient(settings).health().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(BackendUnreachableError);
    expect((failure as Error).message).toBe('Cannot reach the backend at http://127.0.0.1:8787');
  });

  it('lets an abort through as an abort', async () => {
    vi.stubGlobal('fetch', async (_u: string, init: RequestInit) => {
      init.signal?.throwIfAborted();
      return jsonResponse(200, {});
    });
    const abort = new AbortController();
    abort.abort();
    const failure = await createBackendClient(settings).generateStream(request, { signal: abort.signal }).catch((e: unknown) => e);
    expect((failure as Error).name).toBe('AbortError');
  });
});

describe('health', () => {
  it('reads the health answer without sending the token', async () => {
    const fetchMock = vi.fn(async (_url: string, _init: RequestInit) =>
      jsonResponse(200, { status: 'ok', version: '0.1.0', provider: 'demo', defaultModel: 'gpt-image-2' }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const health = await createBackendClient(settings).health();
    expect(health.provider).toBe('demo');
    expect(fetchMock.mock.calls[0]![0]).toBe('http://127.0.0.1:8787/v1/health');
    expect(fetchMock.mock.calls[0]![1].headers).toBeUndefined();
  });
});

describe('translate', () => {
  const ask = { texts: ['Summer sale'], languages: ['French'] };

  it('POSTs the texts and languages with the token to the translations route and reads the answer', async () => {
    const answer = { model: 'gpt-5.5', translations: [{ language: 'French', texts: ['Soldes'] }] };
    const fetchMock = vi.fn(async (_url: string, _init: RequestInit) => jsonResponse(200, answer));
    vi.stubGlobal('fetch', fetchMock);
    expect(await createBackendClient(settings).translate(ask)).toEqual(answer);
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('http://127.0.0.1:8787/v1/translations');
    expect(init.method).toBe('POST');
    expect(new Headers(init.headers).get('authorization')).toBe('Bearer tok-123');
    expect(new Headers(init.headers).get('content-type')).toBe('application/json');
    expect(JSON.parse(init.body as string)).toEqual(ask);
  });

  it('refuses a request over the limits before sending it, saying which', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(200, {}));
    vi.stubGlobal('fetch', fetchMock);
    const failure = (await createBackendClient(settings).translate({ texts: ['x'], languages: ['French', 'french'] }).catch((e: unknown) => e)) as ApiErrorException;
    expect(failure).toBeInstanceOf(ApiErrorException);
    expect([failure.status, failure.code, failure.message]).toEqual([400, 'invalid_request', 'A language is listed twice.']);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('turns the backend refusal into an ApiErrorException as every other route does', async () => {
    vi.stubGlobal('fetch', async () => jsonResponse(400, { error: { message: 'This backend allows no text model.', type: 'invalid_request_error', param: null, code: 'invalid_request' } }));
    const failure = (await createBackendClient(settings).translate(ask).catch((e: unknown) => e)) as ApiErrorException;
    expect([failure.status, failure.code, failure.message]).toEqual([400, 'invalid_request', 'This backend allows no text model.']);
  });
});
