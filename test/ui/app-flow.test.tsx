// @vitest-environment happy-dom
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { JOB_ID_HEADER, type GenerateImageRequest } from '../../contract/api';
import type { SelectionInfo, Target, UiToMain } from '../../contract/messages';
import { defaultQualityFor, parseSize, requestSizeFor } from '../../core/sizing';
import { App } from '../../ui/components/App';
import { completedEvent, fromMain, jsonResponse, partialEvent, pngBytes, sse } from './fixtures';
import { watchPostsToMain } from './posts-to-main';

const settings = { backendUrl: 'http://127.0.0.1:8787', accessToken: 'tok-abc' };
const target = (id: string, name: string, width: number, height: number): Target => ({ id, name, nodeType: 'FRAME', width, height, hasImageFill: false });

interface Generation {
  body: GenerateImageRequest;
  authorization: string | undefined;
  jobId: string;
  finalBytes: Uint8Array;
  /** Pushes more SSE text; `end` closes the stream. */
  push(text: string, end?: boolean): void;
}

/**
 * A backend behind `fetch`: health says openai/gpt-image-2; each generation answers 200 with a job id and an
 * SSE body the test writes into (`auto` streams a partial and the final PNG at once, at the requested size).
 */
function fakeBackend(options: { auto: boolean; fail?: (body: GenerateImageRequest) => Response | undefined }) {
  const generations: Generation[] = [];
  const deleted: string[] = [];
  const fetchMock = vi.fn(async (url: string, init: RequestInit = {}) => {
    init.signal?.throwIfAborted();
    if (url.endsWith('/v1/health')) return jsonResponse(200, { status: 'ok', version: '1', provider: 'openai', defaultModel: 'gpt-image-2' });
    if (init.method === 'DELETE') {
      deleted.push(url);
      return jsonResponse(200, {});
    }
    const body = JSON.parse(init.body as string) as GenerateImageRequest;
    const failure = options.fail?.(body);
    if (failure) return failure;
    const { width, height } = parseSize(body.size!)!;
    const jobId = `job-${generations.length + 1}`;
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const stream = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    init.signal?.addEventListener('abort', () => controller.error(new DOMException('The operation was aborted.', 'AbortError')));
    const generation: Generation = {
      body,
      authorization: (init.headers as Record<string, string>).authorization,
      jobId,
      finalBytes: pngBytes(width, height, generations.length),
      push(text, end) {
        controller.enqueue(new TextEncoder().encode(text));
        if (end) controller.close();
      },
    };
    generations.push(generation);
    if (options.auto) {
      generation.push(sse(partialEvent(pngBytes(8, 8), 0, body.size!)).slice(0, 37));
      generation.push(sse(partialEvent(pngBytes(8, 8), 0, body.size!)).slice(37) + sse(completedEvent(generation.finalBytes, body.size!)), true);
    }
    return new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream', [JOB_ID_HEADER]: jobId } });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { generations, deleted, fetchMock };
}

const posted = watchPostsToMain();
/** The chat, where every frame's outcome is told (the Targets list repeats a failure's reason beside its frame). */
const chat = () => within(screen.getByRole('list', { name: 'Chat' }));

const sentToMain = () => posted.messages();
const applyMessages = () => sentToMain().filter((m): m is Extract<UiToMain, { type: 'apply-image' }> => m.type === 'apply-image');

async function start(selection: SelectionInfo) {
  render(<App />);
  fromMain({ type: 'init', settings, selection });
  await screen.findByText(/Connected/);
}

function send(prompt: string) {
  const box = screen.getByRole('textbox', { name: 'Prompt' });
  fireEvent.input(box, { target: { value: prompt } });
  fireEvent.keyDown(box, { key: 'Enter' });
}

const itemOf = (img: HTMLElement) => img.closest('li')!;

describe('App flow', () => {
  it('sends one sized request per target and hands each final PNG to the main thread', async () => {
    const backend = fakeBackend({ auto: true });
    const hero = target('1:2', 'Hero', 800, 450);
    const card = target('1:3', 'Card', 300, 300);
    await start({ targets: [hero, card], skipped: [] });
    send('a misty forest at dawn');

    await waitFor(() => expect(applyMessages()).toHaveLength(2));
    const sizes = [hero, card].map((t) => requestSizeFor('gpt-image-2', t.width, t.height, defaultQualityFor(t.width, t.height)));
    expect(sizes).toEqual(['1600x896', '816x816']);
    expect(backend.generations.map((g) => g.body)).toEqual(
      [hero, card].map((t, i) => ({
        model: 'gpt-image-2',
        prompt: 'a misty forest at dawn',
        size: sizes[i],
        quality: defaultQualityFor(t.width, t.height),
        n: 1,
        stream: true,
        partial_images: 2,
        output_format: 'png',
      })),
    );
    expect(backend.generations.map((g) => g.authorization)).toEqual(['Bearer tok-abc', 'Bearer tok-abc']);

    for (const [i, t] of [hero, card].entries()) {
      const message = applyMessages().find((m) => m.nodeId === t.id)!;
      const { width, height } = parseSize(sizes[i]!)!;
      expect(message).toMatchObject({ type: 'apply-image', nodeId: t.id, width, height, prompt: 'a misty forest at dawn' });
      expect(message.bytes).toBeInstanceOf(Uint8Array);
      expect(message.bytes).toEqual(backend.generations[i]!.finalBytes);
    }
    expect(new Set(applyMessages().map((m) => m.requestId)).size).toBe(2);

    // The main thread answers: one placed, one frame gone. Both images stay in the chat.
    const [forHero, forCard] = [hero, card].map((t) => applyMessages().find((m) => m.nodeId === t.id)!);
    fromMain({ type: 'applied', requestId: forHero!.requestId, nodeId: hero.id, imageHash: 'h1', created: false });
    fromMain({ type: 'apply-failed', requestId: forCard!.requestId, nodeId: card.id, reason: 'deleted', message: 'gone' });
    const cardImage = await screen.findByRole('img', { name: 'Generated image for Card' });
    await within(itemOf(cardImage)).findByText('Frame was deleted — the image is kept here in the chat.');
    expect(cardImage.getAttribute('src')).toMatch(/^blob:/);
    expect(within(itemOf(cardImage)).getByText('Not placed')).toBeTruthy();
    const heroImage = screen.getByRole('img', { name: 'Generated image for Hero' });
    expect(within(itemOf(heroImage)).getByText('Done')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Stop all/ })).toBeNull();
  });

  it('shows partial images as they arrive, then the final image', async () => {
    const backend = fakeBackend({ auto: false });
    const revoked = vi.spyOn(URL, 'revokeObjectURL');
    await start({ targets: [target('1:2', 'Hero', 800, 450)], skipped: [] });
    send('lighthouse');
    await waitFor(() => expect(backend.generations).toHaveLength(1));
    const g = backend.generations[0]!;
    g.push(sse(partialEvent(pngBytes(4, 4, 1), 0, '1600x896')));
    const first = (await screen.findByRole('img', { name: 'Partial image 1 for Hero' })).getAttribute('src');
    g.push(sse(partialEvent(pngBytes(4, 4, 2), 1, '1600x896')));
    const second = (await screen.findByRole('img', { name: 'Partial image 2 for Hero' })).getAttribute('src');
    expect(revoked.mock.calls).toEqual([[first]]);
    expect(screen.getByRole('button', { name: 'Stop all (1 running)' })).toBeTruthy();
    expect(applyMessages()).toHaveLength(0);
    g.push(sse(completedEvent(g.finalBytes, '1600x896')), true);
    await screen.findByRole('img', { name: 'Generated image for Hero' });
    expect(screen.queryByRole('img', { name: /Partial image/ })).toBeNull();
    expect(applyMessages()).toHaveLength(1);
    // Partials are released once the final image is in; the paid image itself is kept.
    await waitFor(() => expect(revoked.mock.calls).toEqual([[first], [second]]));
  });

  it('with nothing selected, asks for 1024x1024 and a new frame', async () => {
    const backend = fakeBackend({ auto: true });
    await start({ targets: [], skipped: [] });
    send('a logo');
    await waitFor(() => expect(applyMessages()).toHaveLength(1));
    expect(backend.generations[0]!.body.size).toBe('1024x1024');
    expect(applyMessages()[0]).toMatchObject({ nodeId: null, width: 1024, height: 1024 });
  });

  it('Stop aborts every request in flight, cancels their jobs and never starts the queued ones', async () => {
    const backend = fakeBackend({ auto: false });
    const targets = [1, 2, 3, 4, 5].map((n) => target(`1:${n}`, `Frame ${n}`, 400, 400));
    await start({ targets, skipped: [] });
    send('clouds');
    await waitFor(() => expect(backend.generations).toHaveLength(4));
    fireEvent.click(screen.getByRole('button', { name: 'Stop all (5 running)' }));
    await waitFor(() => expect(screen.getAllByText('Stopped.')).toHaveLength(4));
    expect(screen.getByText('Stopped before it started.')).toBeTruthy();
    expect(backend.generations).toHaveLength(4);
    await waitFor(() => expect(backend.deleted.sort()).toEqual(['job-1', 'job-2', 'job-3', 'job-4'].map((j) => `http://127.0.0.1:8787/v1/jobs/${j}`)));
    await waitFor(() => expect(screen.queryByRole('button', { name: /^Stop all/ })).toBeNull());
    expect(applyMessages()).toHaveLength(0);
  });

  it("the start notice's Cancel (cancel-work) stops every run, cancels each job at the backend, then reports", async () => {
    const backend = fakeBackend({ auto: false });
    await start({ targets: [1, 2].map((n) => target(`1:${n}`, `Frame ${n}`, 400, 400)), skipped: [] });
    send('clouds');
    await waitFor(() => expect(backend.generations).toHaveLength(2));
    fromMain({ type: 'cancel-work' });
    // The report comes only after both DELETEs were sent, so the plugin may close without leaving the jobs running.
    await waitFor(() => expect(sentToMain().some((m) => m.type === 'quick-action-done')).toBe(true));
    expect(backend.deleted.sort()).toEqual(['job-1', 'job-2'].map((j) => `http://127.0.0.1:8787/v1/jobs/${j}`));
    expect(sentToMain().filter((m) => m.type === 'quick-action-done')).toEqual([
      { type: 'quick-action-done', filled: 0, failed: 0, message: 'Figment stopped; the backend cancelled its unfinished jobs.' },
    ]);
    expect(applyMessages()).toHaveLength(0);
  });

  it('explains refusals, rejected tokens and rate limits per target', async () => {
    const error = (code: string, message: string, extra: object = {}) => ({ error: { message, type: 'x', param: null, code, ...extra } });
    fakeBackend({
      auto: true,
      fail: (body) => {
        if (body.size === '1600x896') {
          return jsonResponse(400, error('moderation_blocked', 'Rejected.', { moderation_details: { moderation_stage: 'input', categories: ['violence'] } }));
        }
        if (body.size === '816x816') return jsonResponse(401, error('invalid_access_token', 'Unknown token.'));
        return jsonResponse(429, error('rate_limited', 'Too many requests for this token.'), { 'retry-after': '20' });
      },
    });
    await start({ targets: [target('a', 'Hero', 800, 450), target('b', 'Card', 300, 300), target('c', 'Strip', 900, 300)], skipped: [] });
    send('x');
    await chat().findByText('The request was blocked by the content policy (violence). Rephrase the prompt and try again.');
    await chat().findByText('Access token rejected — check Settings.');
    // A rate limit is not a failure: the frame waits for Retry-After and is tried again.
    await screen.findByText('Rate limited; trying again in 20 s.');
    expect(applyMessages()).toHaveLength(0);
  });

  const rateLimited = { message: 'Slow down.', type: 'x', param: null, code: 'rate_limited' };
  const errorEvent = { type: 'error', error: rateLimited };
  // The second waits out the default 1 s pause: an error event carries no Retry-After.
  it.each([
    ['answered 429 with Retry-After', 1_000, () => jsonResponse(429, { error: rateLimited }, { 'retry-after': '0' })],
    // The backend opens the stream while it retries OpenAI itself; its last 429 then comes as an error event.
    [
      'ended in an error event before any image',
      5_000,
      () => new Response(`: waiting 1000 ms for OpenAI (rate limit)\n\n${sse(errorEvent)}`, { status: 200, headers: { 'content-type': 'text/event-stream', [JOB_ID_HEADER]: 'job-refused' } }),
    ],
  ])('retries a rate-limited frame (%s) and places its image', async (_, timeout, refusal) => {
    let refused = 0;
    fakeBackend({ auto: true, fail: () => (refused++ > 0 ? undefined : refusal()) });
    await start({ targets: [target('a', 'Hero', 800, 450)], skipped: [] });
    send('x');
    await waitFor(() => expect(applyMessages()).toHaveLength(1), { timeout });
    expect(refused).toBe(2);
  });

  it('marks a stream that ends without an image as failed', async () => {
    const backend = fakeBackend({ auto: false });
    await start({ targets: [target('a', 'Hero', 800, 450)], skipped: [] });
    send('x');
    await waitFor(() => expect(backend.generations).toHaveLength(1));
    backend.generations[0]!.push(sse(partialEvent(pngBytes(4, 4), 0, '1600x896')), true);
    await chat().findByText('The stream ended before the image was finished.');
  });
});
