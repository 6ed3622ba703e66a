// @vitest-environment happy-dom
/**
 * Quick Actions end, whatever the selection: the hidden UI always reports `quick-action-done` once (the main thread
 * then notifies and closes the plugin), for a generation, an edit of a focused image frame, or a failure.
 */
import { render, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { emptyThread } from '../../core/thread';
import { App } from '../../ui/components/App';
import { fromMain, jsonResponse } from './fixtures';
import { watchPostsToMain } from './posts-to-main';

const posted = watchPostsToMain();
const settings = { backendUrl: 'http://localhost:8787', accessToken: 'tok' };
const health = { status: 'ok', version: '1', provider: 'demo', defaultModel: 'gpt-image-2' };
const done = () => posted.messages().filter((m) => m.type === 'quick-action-done');

describe('Quick Actions always end', () => {
  it('with an image frame selected (the edit path): a failed edit still reports, once', async () => {
    vi.stubGlobal('fetch', async () => jsonResponse(200, health));
    render(<App />);
    const target = { id: '1:2', name: 'Photo', nodeType: 'RECTANGLE', width: 300, height: 200, hasImageFill: true };
    fromMain({ type: 'focus', focus: { nodeId: '1:2', name: 'Photo', width: 300, height: 200, thread: emptyThread(), references: [], mask: null } });
    fromMain({ type: 'init', settings, selection: { targets: [target], skipped: [] } });
    fromMain({ type: 'quick-action', prompt: 'make it night' });
    await waitFor(() => expect(posted.messages().some((m) => m.type === 'get-edit-input')).toBe(true));
    const ask = posted.messages().find((m) => m.type === 'get-edit-input') as { requestId: string };
    fromMain({ type: 'edit-input-failed', requestId: ask.requestId, message: 'A selected layer was deleted.' });
    await waitFor(() => expect(done()).toEqual([{ type: 'quick-action-done', filled: 0, failed: 1, message: 'Figment could not edit “Photo”: A selected layer was deleted.' }]));
  });

  it('with a focused frame whose region cannot be edited: reports at once', async () => {
    vi.stubGlobal('fetch', async () => jsonResponse(200, health));
    render(<App />);
    fromMain({ type: 'focus', focus: { nodeId: '1:3', name: 'Tiles', width: 100, height: 100, thread: emptyThread(), references: [], mask: { id: '1:4', name: 'Rect' }, maskProblem: 'The image is tiled.' } });
    fromMain({ type: 'init', settings, selection: { targets: [], skipped: [] } });
    fromMain({ type: 'quick-action', prompt: 'x' });
    await waitFor(() => expect(done()).toEqual([{ type: 'quick-action-done', filled: 0, failed: 1, message: 'Figment could not edit “Tiles”: The image is tiled.' }]));
  });
});
