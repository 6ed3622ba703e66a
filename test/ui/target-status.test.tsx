// @vitest-environment happy-dom
/** Each target's status in the target list: queued, generating (with its partial in the chat), done, failed with a reason and a Retry that works. */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { GenerateImageRequest } from '../../contract/api';
import type { Target, UiToMain } from '../../contract/messages';
import { App } from '../../ui/components/App';
import { TargetList } from '../../ui/components/TargetList';
import type { Run } from '../../ui/run/run';
import { completedEvent, fromMain, jsonResponse, partialEvent, pngBytes, runFixture, sse } from './fixtures';
import { watchPostsToMain } from './posts-to-main';

const target = (id: string, name: string, width: number, height: number): Target => ({ id, name, nodeType: 'FRAME', width, height, hasImageFill: false });

const posted = watchPostsToMain();

const applyMessages = () =>
  posted.messages().filter((m): m is Extract<UiToMain, { type: 'apply-image' }> => m.type === 'apply-image');
const statusOf = (name: string) => within(screen.getByRole('region', { name: 'Targets' })).getByText(name).closest('li')!.querySelector('.status');

describe('TargetList statuses', () => {
  it('shows the latest status of each target, failures marked as such', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const item = (id: string, status: Run['status'], turnId: string): Run => ({ ...runFixture(`${id}-${status}`, { status, turnId }), targetId: id, targetName: id });
    const runs: Run[] = [
      ...[item('a', 'done', '1'), item('b', 'done', '1'), item('c', 'failed', '1')],
      ...[item('a', 'queued', '2'), item('b', 'running', '2'), item('d', 'not-placed', '2')],
    ];
    render(<TargetList model="gpt-image-2" runs={runs} selection={{ targets: ids.map((id) => target(id, `Frame ${id}`, 300, 300)), skipped: [] }} />);
    expect(ids.map((id) => statusOf(`Frame ${id}`)?.textContent ?? null)).toEqual(['Queued', 'Generating…', 'Failed', 'Not placed', null]);
    expect(statusOf('Frame c')!.className).toBe('status failed');
    expect(statusOf('Frame d')!.className).toBe('status not-placed');
  });
});

/** A backend behind `fetch` whose generation streams the test writes; `refuse` answers a request with a refusal instead. */
function backend(refuse: (body: GenerateImageRequest) => boolean) {
  const streams: Array<{ body: GenerateImageRequest; push(text: string, end?: boolean): void }> = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    if (url.endsWith('/v1/health')) return jsonResponse(200, { status: 'ok', version: '1', provider: 'openai', defaultModel: 'gpt-image-2' });
    if (url.endsWith('/v1/config')) return jsonResponse(404, {});
    const body = JSON.parse(init.body as string) as GenerateImageRequest;
    if (refuse(body)) {
      const details = { moderation_stage: 'input', categories: ['violence'] };
      return jsonResponse(400, { error: { message: 'Rejected.', type: 'x', param: null, code: 'moderation_blocked', moderation_details: details } });
    }
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const stream = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    streams.push({ body, push: (text, end) => (controller.enqueue(new TextEncoder().encode(text)), end && controller.close()) });
    return new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  });
  return streams;
}

describe('statuses through a batch', () => {
  it('queued beyond the concurrency, generating with its partial, placing, done; a refused frame fails with its reason and Retry fills it', async () => {
    let refusing = true;
    // Six frames, four at once; "Poster" (the only 2:3 frame) is refused until the retry.
    const streams = backend((b) => refusing && b.size === '672x1008');
    const targets = [target('1', 'Hero', 400, 400), target('2', 'Poster', 200, 300), target('3', 'Card', 300, 300), target('4', 'Tile', 350, 350), target('5', 'Extra', 320, 320), target('6', 'Spare', 340, 340)];
    render(<App />);
    fromMain({ type: 'init', settings: { backendUrl: 'http://127.0.0.1:8787', accessToken: 't' }, selection: { targets, skipped: [] } });
    await screen.findByText(/Connected/);
    const box = screen.getByRole('textbox', { name: 'Prompt' });
    fireEvent.input(box, { target: { value: 'spring' } });
    fireEvent.keyDown(box, { key: 'Enter' });

    await waitFor(() => expect(streams).toHaveLength(3));
    await waitFor(() => expect(statusOf('Poster')!.textContent).toBe('Failed'));
    // The reason and a Retry stand in the frame's row of the Targets list (and in the chat).
    const listed = within(screen.getByRole('region', { name: 'Targets' }));
    expect(listed.getByText('The request was blocked by the content policy (violence). Rephrase the prompt and try again.')).toBeTruthy();
    expect(screen.getAllByRole('button', { name: 'Retry Poster' })).toHaveLength(2);
    // The refusal freed a slot for the fifth frame; the sixth waits for the next one.
    await waitFor(() => expect(streams).toHaveLength(4));
    expect(['Hero', 'Card', 'Tile', 'Extra', 'Spare'].map((n) => statusOf(n)!.textContent)).toEqual(['Generating…', 'Generating…', 'Generating…', 'Generating…', 'Queued']);

    const hero = streams[0]!;
    hero.push(sse(partialEvent(pngBytes(8, 8), 0, hero.body.size!)));
    await screen.findByRole('img', { name: 'Partial image 1 for Hero' });
    // The live partial shows in the frame's row too.
    expect(listed.getByRole('img', { name: 'Partial image for Hero' })).toBeTruthy();
    expect(statusOf('Hero')!.textContent).toBe('Generating…');
    hero.push(sse(completedEvent(pngBytes(16, 16), hero.body.size!)), true);
    await waitFor(() => expect(statusOf('Hero')!.textContent).toBe('Placing on the canvas…'));
    const forHero = applyMessages().find((m) => m.nodeId === '1')!;
    fromMain({ type: 'applied', requestId: forHero.requestId, nodeId: '1', imageHash: 'h', created: false });
    await waitFor(() => expect(statusOf('Hero')!.textContent).toBe('Done'));
    expect(listed.queryByRole('img', { name: 'Partial image for Hero' })).toBeNull();
    await waitFor(() => expect(statusOf('Spare')!.textContent).toBe('Generating…'));
    expect(streams).toHaveLength(5);

    refusing = false;
    fireEvent.click(listed.getByRole('button', { name: 'Retry Poster' }));
    // Four frames are still generating: the retry waits its turn in the session's shared limit.
    await waitFor(() => expect(statusOf('Poster')!.textContent).toBe('Queued'));
    expect(streams).toHaveLength(5);
    const card = streams[1]!;
    card.push(sse(completedEvent(pngBytes(16, 16), card.body.size!)), true);
    await waitFor(() => expect(streams).toHaveLength(6));
    expect(streams[5]!.body).toMatchObject({ prompt: 'spring', size: '672x1008' });
    await waitFor(() => expect(statusOf('Poster')!.textContent).toBe('Generating…'));
    expect(screen.queryByRole('button', { name: 'Retry Poster' })).toBeNull();
    streams[5]!.push(sse(completedEvent(pngBytes(16, 24), '672x1008')), true);
    await waitFor(() => expect(applyMessages().some((m) => m.nodeId === '2')).toBe(true));
    const forPoster = applyMessages().find((m) => m.nodeId === '2')!;
    fromMain({ type: 'applied', requestId: forPoster.requestId, nodeId: '2', imageHash: 'p', created: false });
    await waitFor(() => expect(statusOf('Poster')!.textContent).toBe('Done'));
  });
});
