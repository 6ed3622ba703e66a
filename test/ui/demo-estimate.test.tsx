// @vitest-environment happy-dom
/** Demo mode draws free placeholder images (issue 19): the estimate says so instead of a dollar figure. */
import { render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { Target } from '../../contract/messages';
import { App } from '../../ui/components/App';
import { nextEstimate } from '../../ui/components/TargetList';
import { targetSummary } from '../../ui/components/TargetSummary';
import { fromMain, jsonResponse } from './fixtures';
import { watchPostsToMain } from './posts-to-main';

watchPostsToMain();
const frame: Target = { id: '1:1', name: 'Hero', nodeType: 'FRAME', width: 400, height: 400, hasImageFill: false };

describe('the estimate in demo mode', () => {
  it('is free, not dollars, while the backend draws placeholders; dollars with a real provider', async () => {
    const input = { targets: [frame], focus: null, model: 'gpt-image-2', variations: 1, overrides: new Map(), runs: [] };
    expect(targetSummary({ ...input, demo: true })).toMatch(/^1 frame · Free \(demo images\) · \d+–\d+ s$/);
    expect(targetSummary(input)).toMatch(/^1 frame · ~\$\d+\.\d+ · /);

    vi.stubGlobal('fetch', async () => jsonResponse(200, { status: 'ok', version: '1', provider: 'demo', defaultModel: 'gpt-image-2' }));
    render(<App />);
    fromMain({ type: 'init', settings: { backendUrl: 'http://127.0.0.1:8787', accessToken: 't' }, selection: { targets: [frame], skipped: [] } });
    await screen.findByText(/^Demo mode/);
    expect(screen.getByRole('button', { name: /^1 frame · Free \(demo images\) · / })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^1 frame · ~\$/ })).toBeNull();
    // The open targets list says free as well: no dollar figure anywhere in the panel.
    expect(screen.getByText(/^1 image · free \(demo images\) · about \d+–\d+ s/)).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/about \$\d/);
  });

  it('an edit and a finishing action are free in demo mode too', () => {
    const focus = { nodeId: '1:1', width: 400, height: 400 };
    const edit = { targets: [], focus, model: 'gpt-image-2', variations: 2, overrides: new Map() };
    expect(nextEstimate(edit, true)).toMatch(/^Edit: 2 images at \d+x\d+ \w+ · free \(demo images\) · about/);
    expect(nextEstimate(edit)).toMatch(/· about \$\d+\.\d+ plus the input images ·/);
    expect(nextEstimate({ ...edit, targets: [frame], focus: null, variations: 1 }, true)).toMatch(/^1 image · free \(demo images\) · /);
  });
});
