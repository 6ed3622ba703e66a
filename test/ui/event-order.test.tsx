// @vitest-environment happy-dom
/**
 * Figma delivers `selectionchange` asynchronously and coalesced (typings: `figma.on('selectionchange')`; it also
 * fires on delete and page change), so the main thread's `selection`/`focus` for a frame that just got its image
 * may reach the UI before or after `applied`. The UI must end in the same state either way.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JOB_ID_HEADER } from '../../contract/api';
import type { Focus, MainToUi, Target, UiToMain } from '../../contract/messages';
import { parseSize } from '../../core/sizing';
import { App } from '../../ui/components/App';
import { completedEvent, fromMain, jsonResponse, pngBytes, sse } from './fixtures';
import { watchPostsToMain } from './posts-to-main';

const settings = { backendUrl: 'http://localhost:8787', accessToken: 'tok-abc-0123456789' };
const posted = watchPostsToMain();

function stubBackend() {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      if (url.endsWith('/v1/health')) return jsonResponse(200, { status: 'ok', version: '1', provider: 'openai', defaultModel: 'gpt-image-2' });
      if (!url.endsWith('/v1/images/generations')) return jsonResponse(404, { error: { message: 'not here', type: 'invalid_request_error', param: null, code: 'not_found' } });
      const body = JSON.parse(init.body as string) as { size: string };
      const { width, height } = parseSize(body.size)!;
      return new Response(sse(completedEvent(pngBytes(width, height, 7), body.size)), {
        status: 200,
        headers: { 'content-type': 'text/event-stream', [JOB_ID_HEADER]: 'job-1' },
      });
    }),
  );
}

const newFrame: Target = { id: '9:1', name: 'Red kite', nodeType: 'FRAME', width: 512, height: 512, hasImageFill: true };
const focusOn = (hash: string): Focus => ({
  nodeId: newFrame.id,
  name: newFrame.name,
  width: newFrame.width,
  height: newFrame.height,
  references: [],
  mask: null,
  thread: {
    schema: 1,
    current: 1,
    versions: [{ id: 1, parent: null, prompt: 'a red kite', model: 'gpt-image-2', size: '1024x1024', quality: 'medium', engine: 'images', imageHash: hash }],
  } as Focus['thread'],
});

/** Generates into a new frame, then answers with `applied` and the selection/focus in the given order. */
async function runWith(order: 'selection-first' | 'applied-first') {
  stubBackend();
  render(<App />);
  fromMain({ type: 'init', settings, selection: { targets: [], skipped: [] } });
  await screen.findByText(/Connected/);
  const box = screen.getByRole('textbox', { name: 'Prompt' });
  fireEvent.input(box, { target: { value: 'a red kite' } });
  fireEvent.keyDown(box, { key: 'Enter' });
  const apply = await waitFor(() => {
    const m = posted.messages().find((x): x is Extract<UiToMain, { type: 'apply-image' }> => x.type === 'apply-image');
    if (!m) throw new Error('no apply-image yet');
    return m;
  });
  const applied: MainToUi = { type: 'applied', requestId: apply.requestId, nodeId: newFrame.id, imageHash: 'h1', created: true };
  const selected: MainToUi[] = [
    { type: 'selection', selection: { targets: [newFrame], skipped: [] } },
    { type: 'focus', focus: focusOn('h1') },
  ];
  for (const m of order === 'applied-first' ? [applied, ...selected] : [...selected, applied]) fromMain(m);
  // The applied image grows the thread, so the UI asks for it again whichever came first; the main thread answers.
  await waitFor(() => expect(posted.messages().filter((m) => m.type === 'get-thread-state').length).toBeGreaterThan(0));
  fromMain({ type: 'focus', focus: focusOn('h1') });

  await waitFor(() => expect(within(screen.getByRole('list', { name: 'Chat' })).getByText('Done')).toBeTruthy());
  const versions = within(screen.getByRole('list', { name: 'Versions' }));
  expect(versions.getByRole('button', { name: 'Version 1 is on the canvas' })).toBeTruthy();
  expect(screen.getByRole('button', { name: 'Edit' })).toBeTruthy();
  return document.body.textContent;
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('order of events from the main thread', () => {
  let selectionFirst: string | null = null;
  it('the new frame selected (and focused) before its image is applied', async () => {
    selectionFirst = await runWith('selection-first');
  });
  it('the image applied before the new frame is selected: the same panel', async () => {
    const appliedFirst = await runWith('applied-first');
    expect(selectionFirst).not.toBeNull();
    expect(appliedFirst).toBe(selectionFirst);
  });
});
