// @vitest-environment happy-dom
/**
 * Runs outlive the selection (issue 18): a run keeps its row in the chat when the designer selects something else,
 * shows its elapsed seconds while it works, and stops on its own; an edit previews its partials on the frame too.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { JOB_ID_HEADER } from '../../contract/api';
import type { Focus, Target, UiToMain } from '../../contract/messages';
import { emptyThread } from '../../core/thread';
import { App } from '../../ui/components/App';
import { completedEvent, fromMain, jsonResponse, partialEvent, pngBytes, sse } from './fixtures';
import { watchPostsToMain } from './posts-to-main';

const posted = watchPostsToMain();
const settings = { backendUrl: 'http://127.0.0.1:8787', accessToken: 't' };
const target = (id: string, name: string): Target => ({ id, name, nodeType: 'FRAME', width: 400, height: 400, hasImageFill: false });

/** A backend whose image streams the test writes, one per POST, in order; DELETEs (cancels) are recorded. */
function backend() {
  const streams: Array<{ url: string; push(text: string, end?: boolean): void; aborted(): boolean }> = [];
  const cancelled: string[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    if (url.endsWith('/v1/health')) return jsonResponse(200, { status: 'ok', version: '1', provider: 'openai', defaultModel: 'gpt-image-2' });
    if (url.endsWith('/v1/config')) return jsonResponse(404, {});
    if (init.method === 'DELETE') {
      cancelled.push(url);
      return jsonResponse(200, {});
    }
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const stream = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    init.signal?.addEventListener('abort', () => controller.error(new DOMException('Aborted', 'AbortError')));
    const jobId = `job-${streams.length + 1}`;
    streams.push({ url, push: (text, end) => (controller.enqueue(new TextEncoder().encode(text)), end && controller.close()), aborted: () => init.signal?.aborted ?? false });
    return new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream', [JOB_ID_HEADER]: jobId } });
  });
  return { streams, cancelled };
}

async function send(prompt: string) {
  const box = screen.getByRole('textbox', { name: 'Prompt' });
  fireEvent.input(box, { target: { value: prompt } });
  fireEvent.keyDown(box, { key: 'Enter' });
}

const chat = () => within(screen.getByRole('list', { name: 'Chat' }));
const rowOf = (name: string) => chat().getByText(name, { selector: '.name' }).closest('li')!;

describe('runs outlive the selection', () => {
  it('keeps each run in the chat after the selection changes, shows its seconds, and stops one run alone', async () => {
    const { streams, cancelled } = backend();
    const hero = target('1:1', 'Hero');
    const card = target('1:2', 'Card');
    render(<App />);
    fromMain({ type: 'init', settings, selection: { targets: [hero, card], skipped: [] } });
    await screen.findByText(/Connected/);
    await send('spring');
    await waitFor(() => expect(streams).toHaveLength(2));

    // The designer selects something else: both rows stay, still running, each with its own Stop.
    fromMain({ type: 'selection', selection: { targets: [], skipped: [] } });
    await waitFor(() => expect(screen.getByRole('region', { name: 'Targets' }).textContent).toContain('Nothing selected'));
    expect(within(rowOf('Hero')).getByText('Generating…')).toBeTruthy();
    expect(within(rowOf('Card')).getByText('Generating…')).toBeTruthy();
    // Each row explains its wait: previews received of those asked, seconds against the model's expected range.
    const progressOf = (name: string) => within(rowOf(name)).getByRole('progressbar', { name: `Progress of ${name}` });
    await waitFor(() => expect(progressOf('Hero').getAttribute('aria-valuetext')).toMatch(/^Preview 0 of 2 · \d+ s of ~\d+–\d+ s$/));
    expect(progressOf('Hero').textContent).toBe(progressOf('Hero').getAttribute('aria-valuetext'));
    streams[0]!.push(sse(partialEvent(pngBytes(4, 4), 0, '1024x1024')));
    await waitFor(() => expect(progressOf('Hero').textContent).toMatch(/^Preview 1 of 2 · /));
    expect(progressOf('Card').textContent).toMatch(/^Preview 0 of 2 · /);

    fireEvent.click(screen.getByRole('button', { name: 'Stop Card' }));
    await waitFor(() => expect(within(rowOf('Card')).getByText('Stopped')).toBeTruthy());
    expect(streams[1]!.aborted()).toBe(true);
    expect(streams[0]!.aborted()).toBe(false);
    await waitFor(() => expect(cancelled).toEqual(['http://127.0.0.1:8787/v1/jobs/job-2']));
    expect(screen.queryByRole('button', { name: 'Stop Card' })).toBeNull();
    expect(within(rowOf('Card')).queryByRole('progressbar')).toBeNull();

    // Hero goes on and finishes: its image reaches the canvas though it is no longer selected.
    streams[0]!.push(sse(completedEvent(pngBytes(16, 16), '1024x1024')), true);
    await waitFor(() => expect(posted.messages().some((m) => m.type === 'apply-image' && m.nodeId === hero.id)).toBe(true));
    expect(screen.queryByRole('button', { name: 'Stop Hero' })).toBeNull();
  });

  it('an edit shows its partials on the frame, like a generation, and ends the preview when it fails', async () => {
    const { streams } = backend();
    const photo = target('2:1', 'Photo');
    const focus: Focus = { nodeId: photo.id, name: photo.name, width: 400, height: 400, thread: emptyThread(), references: [], mask: null };
    render(<App />);
    fromMain({ type: 'focus', focus });
    fromMain({ type: 'init', settings, selection: { targets: [{ ...photo, hasImageFill: true }], skipped: [] } });
    await screen.findByText(/Connected/);
    await send('at night');
    const ask = await waitFor(() => {
      const m = posted.messages().find((x): x is Extract<UiToMain, { type: 'get-edit-input' }> => x.type === 'get-edit-input');
      if (!m) throw new Error('no get-edit-input yet');
      return m;
    });
    expect(within(rowOf('Photo')).getByText('Reading the frame…')).toBeTruthy();
    fromMain({ type: 'edit-input', requestId: ask.requestId, input: { image: { bytes: pngBytes(8, 8), width: 8, height: 8 }, references: [], mask: null } });
    await waitFor(() => expect(streams).toHaveLength(1));
    expect(streams[0]!.url).toBe('http://127.0.0.1:8787/v1/images/edits');
    await waitFor(() => expect(within(rowOf('Photo')).getByText('Editing…')).toBeTruthy());
    const partial = pngBytes(4, 4, 3);
    streams[0]!.push(sse({ ...partialEvent(partial, 0, '1024x1024'), type: 'image_edit.partial_image' }));
    await waitFor(() => expect(posted.messages().filter((m) => m.type === 'preview-image')).toHaveLength(1));
    const preview = posted.messages().find((m): m is Extract<UiToMain, { type: 'preview-image' }> => m.type === 'preview-image')!;
    expect(preview.nodeId).toBe(photo.id);
    expect(preview.bytes).toEqual(partial);
    // The stream ends without a final image: the frame gets its own fills back.
    streams[0]!.push('', true);
    await waitFor(() => expect(posted.messages()).toContainEqual({ type: 'preview-end', requestId: preview.requestId }));
    expect(within(rowOf('Photo')).getByText('Failed')).toBeTruthy();
  });
});
