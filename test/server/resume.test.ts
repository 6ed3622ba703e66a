/**
 * A dropped connection never costs a second image: a job's events replay from GET /v1/jobs/{id}/events (with
 * Last-Event-ID), a POST repeated with the same Idempotency-Key joins the first one's job, and the UI's client
 * resumes a broken stream by itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDEMPOTENCY_HEADER, JOB_ID_HEADER, jobEventsPath, type CompletedImageEvent, type ImageStreamEvent, type JobList } from '../../contract/api';
import { createBackendClient } from '../../ui/api/client';
import { startDroppingProxy, type DroppingProxy } from './dropping-proxy';
import { readSse, startTestBackend, TOKEN, type TestBackend } from './helpers';

let backend: TestBackend;
let proxy: DroppingProxy;
beforeAll(async () => {
  backend = await startTestBackend({ config: { demoDelayMs: 150 } });
});
afterAll(async () => {
  await proxy?.close();
  await backend.close(1000);
});

const jobCount = async (token = TOKEN) => ((await (await backend.call('/v1/jobs', { token })).json()) as JobList).data.length;

describe('GET /v1/jobs/{id}/events', () => {
  it('replays a job’s final image after a dropped stream, live or from the store, after Last-Event-ID', async () => {
    const res = await backend.call('/v1/images/generations', { json: { prompt: 'replay me', size: '1024x1024', stream: true, partial_images: 2 } });
    const id = res.headers.get(JOB_ID_HEADER)!;
    // The client reads one chunk and goes away; the job runs on.
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel();

    const live = await readSse(await backend.call(jobEventsPath(id)));
    const finals = live.filter((e) => e.event === 'image_generation.completed');
    expect(finals).toHaveLength(1);
    const image = JSON.parse(finals[0]!.data) as CompletedImageEvent;
    const kept = Buffer.from(await (await backend.call(`/v1/jobs/${id}/images/0`)).arrayBuffer());
    expect(Buffer.from(image.b64_json, 'base64').equals(kept)).toBe(true);

    // Finished now: replayed from the store, with its SSE id; after Last-Event-ID 1 nothing is left.
    const stored = await backend.call(jobEventsPath(id));
    const text = await stored.text();
    expect(text).toMatch(/^id: 1\nevent: image_generation\.completed\ndata: /);
    const rest = await readSse(await backend.call(jobEventsPath(id), { headers: { 'last-event-id': '1' } }));
    expect(rest).toEqual([]);
    expect((await backend.call(jobEventsPath(id), { token: 'test-access-token-ben' })).status).toBe(404);
  });
});

describe('Idempotency-Key', () => {
  it('answers a repeated POST from the first one’s job: one generation, the same image', async () => {
    const before = await jobCount();
    const headers = { [IDEMPOTENCY_HEADER]: 'retry-me-0001' };
    const first = await backend.call('/v1/images/generations', { json: { prompt: 'once', size: '1024x1024' }, headers });
    const again = await backend.call('/v1/images/generations', { json: { prompt: 'once', size: '1024x1024' }, headers });
    expect(again.status).toBe(200);
    expect(again.headers.get(JOB_ID_HEADER)).toBe(first.headers.get(JOB_ID_HEADER));
    const [a, b] = [(await first.json()) as { data: Array<{ b64_json: string }> }, (await again.json()) as { data: Array<{ b64_json: string }> }];
    expect(b.data[0]!.b64_json).toBe(a.data[0]!.b64_json);
    expect(await jobCount()).toBe(before + 1);
    // Another token's key is its own.
    const ben = await backend.call('/v1/images/generations', { json: { prompt: 'once', size: '1024x1024' }, headers, token: 'test-access-token-ben' });
    expect(ben.headers.get(JOB_ID_HEADER)).not.toBe(first.headers.get(JOB_ID_HEADER));
  });

  it('never starts two jobs for concurrent POSTs with one key', async () => {
    const before = await jobCount();
    const headers = { [IDEMPOTENCY_HEADER]: 'racing-key-0002', accept: 'text/event-stream' };
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => backend.call('/v1/images/generations', { json: { prompt: 'race', size: '1024x1024', stream: true }, headers })),
    );
    await Promise.all(answers.map((r) => r.text()));
    expect(answers.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    expect(await jobCount()).toBe(before + 1);
  });
});

describe('the UI client on a broken stream', () => {
  it('resumes from the job: the final image arrives and only one generation ran', async () => {
    proxy = await startDroppingProxy(backend.url, { path: '/v1/images/generations', after: 'partial_image' });
    const before = await jobCount();
    const client = createBackendClient({ backendUrl: proxy.url, accessToken: TOKEN });
    const stream = await client.generateStream({ model: 'gpt-image-2', prompt: 'through a bad proxy', size: '1024x1024', stream: true, partial_images: 2 }, {});
    const events: ImageStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    expect(proxy.dropped()).toBe(1);
    const final = events.find((e) => e.type === 'image_generation.completed') as CompletedImageEvent | undefined;
    expect(final).toBeDefined();
    const kept = Buffer.from(await (await backend.call(`/v1/jobs/${stream.jobId}/images/0`)).arrayBuffer());
    expect(Buffer.from(final!.b64_json, 'base64').equals(kept)).toBe(true);
    expect(await jobCount()).toBe(before + 1);
  });
});
