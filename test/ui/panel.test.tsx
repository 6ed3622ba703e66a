// @vitest-environment happy-dom
/** Issue 19's panel: the header's health that re-checks on its own, the targets' one-line summary, and the blanks. */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Target } from '../../contract/messages';
import { insertAtCursor, nextBlank } from '../../core/blanks';
import { waitText } from '../../core/wait-text';
import { App } from '../../ui/components/App';
import { TargetSummary, targetSummary } from '../../ui/components/TargetSummary';
import { reconnectDelayMs, WATCH_INTERVAL_MS } from '../../ui/state/backend-config';
import { fromMain, jsonResponse } from './fixtures';
import { watchPostsToMain } from './posts-to-main';

watchPostsToMain();
afterEach(() => vi.useRealTimers());

const frame = (id: string, width: number, height: number): Target => ({ id, name: `Frame ${id}`, width, height, hasImageFill: false }) as Target;

describe('the header re-checks the backend on its own', () => {
  it('says Backend unreachable when a connected backend goes away, never Demo mode, and reconnects by itself', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let up = true;
    const fetchMock = vi.fn(async () => {
      if (!up) throw new TypeError('Failed to fetch');
      return jsonResponse(200, { status: 'ok', version: '1', provider: 'demo', defaultModel: 'gpt-image-2' });
    });
    vi.stubGlobal('fetch', fetchMock);
    render(<App />);
    fromMain({ type: 'init', settings: { backendUrl: 'http://127.0.0.1:8787', accessToken: 't' }, selection: { targets: [], skipped: [] } });
    await screen.findByText(/^Demo mode/);
    up = false;
    await act(async () => void (await vi.advanceTimersByTimeAsync(WATCH_INTERVAL_MS.idle)));
    await screen.findByText('Backend unreachable');
    expect(screen.queryByText(/^Demo mode/)).toBeNull();
    expect(screen.getByRole('button', { name: 'Reconnect' })).toBeTruthy();
    // Still down at the first re-check: it waits longer before the next.
    await act(async () => void (await vi.advanceTimersByTimeAsync(reconnectDelayMs(0))));
    await screen.findByText('Backend unreachable');
    up = true;
    await act(async () => void (await vi.advanceTimersByTimeAsync(reconnectDelayMs(1))));
    await screen.findByText(/^Demo mode/);
  });

  it('Reconnect checks at once', async () => {
    let up = false;
    vi.stubGlobal('fetch', async () => {
      if (!up) throw new TypeError('Failed to fetch');
      return jsonResponse(200, { status: 'ok', version: '1', provider: 'openai', defaultModel: 'gpt-image-2' });
    });
    render(<App />);
    fromMain({ type: 'init', settings: { backendUrl: 'http://127.0.0.1:8787', accessToken: 't' }, selection: { targets: [], skipped: [] } });
    const reconnect = await screen.findByRole('button', { name: 'Reconnect' });
    up = true;
    fireEvent.click(reconnect);
    await screen.findByText('Connected · gpt-image-2');
  });

  it('waits 2, 4, 8 … seconds between re-checks, at most a minute', () => {
    expect([0, 1, 2, 3, 10].map(reconnectDelayMs)).toEqual([2000, 4000, 8000, 16000, 60000]);
  });
});

describe('the targets as one line', () => {
  it('says how many frames, the cost and the wait, and opens to the list (open from the start in a wide window)', async () => {
    const happy = (window as unknown as { happyDOM: { setViewport(v: { width: number; height: number }): void } }).happyDOM;
    happy.setViewport({ width: 380, height: 620 });
    const targets = [frame('1', 1440, 900), frame('2', 390, 844), frame('3', 300, 250), frame('4', 48, 48)];
    const line = targetSummary({ targets, focus: null, model: 'gpt-image-2', variations: 1, overrides: new Map(), runs: [] });
    expect(line).toMatch(/^4 frames · ~\$\d+\.\d+ · [\d.]+–[\d.]+ (s|min)$/);
    render(
      <TargetSummary targets={targets} focus={null} model="gpt-image-2" variations={1} overrides={new Map()} runs={[]}>
        <p>the list</p>
      </TargetSummary>,
    );
    const button = screen.getByRole('button', { name: line });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    const list = screen.getByText('the list').parentElement!;
    expect(list.hidden).toBe(true);
    fireEvent.click(button);
    expect(list.hidden).toBe(false);
    cleanup();
    happy.setViewport({ width: 800, height: 620 });
    render(
      <TargetSummary targets={targets} focus={null} model="gpt-image-2" variations={1} overrides={new Map()} runs={[]}>
        <p>the list</p>
      </TargetSummary>,
    );
    expect(screen.getByRole('button', { name: line }).getAttribute('aria-expanded')).toBe('true');
    happy.setViewport({ width: 1024, height: 768 });
  });

  it('names a new frame when nothing is selected', () => {
    expect(targetSummary({ targets: [], focus: null, model: 'gpt-image-2', variations: 1, overrides: new Map(), runs: [] })).toMatch(/^New frame · ~\$/);
  });

  it('writes waits in seconds, then minutes to the half', () => {
    expect(waitText(20, 60)).toBe('20–60 s');
    expect(waitText(90, 300)).toBe('1.5–5 min');
    expect(waitText(10, 100)).toBe('0.5–1.5 min');
  });
});

describe('starting points and blanks', () => {
  it('inserts at the cursor, spaced from the words around it, and selects the first blank', () => {
    expect(insertAtCursor('Warm. Moody', 5, 5, 'A [x] of [y].')).toEqual({ text: 'Warm. A [x] of [y]. Moody', select: [8, 11] });
    expect(insertAtCursor('', 0, 0, 'A [x].')).toEqual({ text: 'A [x].', select: [2, 5] });
    // A selection is replaced; text without blanks leaves the cursor after it.
    expect(insertAtCursor('old text', 0, 3, 'new')).toEqual({ text: 'new text', select: [3, 3] });
  });

  it('finds the next blank after the cursor, none past the last', () => {
    const text = 'A [a] and [b]';
    expect(nextBlank(text, 0)).toEqual([2, 5]);
    expect(nextBlank(text, 5)).toEqual([10, 13]);
    expect(nextBlank(text, 13)).toBeNull();
  });
});
