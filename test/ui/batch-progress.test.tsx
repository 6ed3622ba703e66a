// @vitest-environment happy-dom
/**
 * The batch in the prompt bar (issue 19 items 2 and 6): "n of N done", one Stop all that says how many it stops and
 * stops them all whatever is selected, and one "Retry N failed" that runs exactly the failed frames again.
 */
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JOB_ID_HEADER, type GenerateImageRequest, type JobInfo } from '../../contract/api';
import type { Target, UiToMain } from '../../contract/messages';
import { App } from '../../ui/components/App';
import { completedEvent, fromMain, jsonResponse, pngBytes, sse } from './fixtures';
import { watchPostsToMain } from './posts-to-main';

const posted = watchPostsToMain();
afterEach(() => vi.useRealTimers());
const settings = { backendUrl: 'http://127.0.0.1:8787', accessToken: 't' };
const target = (id: string, name: string, width: number): Target => ({ id, name, nodeType: 'FRAME', width, height: width, hasImageFill: false });

interface Stream {
  body: GenerateImageRequest;
  jobId: string;
  push(text: string, end?: boolean): void;
  /** The connection dies mid-body, as Chromium reports it. */
  cut(): void;
  aborted(): boolean;
}

/** A backend whose generation streams the test writes; `jobs` answers `GET /v1/jobs/{id}` (404 when absent). */
export function batchBackend(jobs: Record<string, JobInfo> = {}) {
  const streams: Stream[] = [];
  const lookups: string[] = [];
  const state = { up: true };
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    if (!state.up) throw new TypeError('Failed to fetch');
    if (url.endsWith('/v1/health')) return jsonResponse(200, { status: 'ok', version: '1', provider: 'openai', defaultModel: 'gpt-image-2' });
    if (url.endsWith('/v1/config')) return jsonResponse(404, {});
    const job = /\/v1\/jobs\/([^/?]+)$/.exec(url)?.[1];
    if (job && init.method === 'DELETE') return jsonResponse(200, {});
    if (job) {
      lookups.push(job);
      return jobs[job] ? jsonResponse(200, jobs[job]) : jsonResponse(404, { error: { message: 'No such job.', type: 'not_found', param: null, code: 'job_not_found' } });
    }
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const stream = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    init.signal?.addEventListener('abort', () => controller.error(new DOMException('Aborted', 'AbortError')));
    const jobId = `job-${streams.length + 1}`;
    streams.push({
      body: JSON.parse(init.body as string) as GenerateImageRequest,
      jobId,
      push: (text, end) => (controller.enqueue(new TextEncoder().encode(text)), end && controller.close()),
      cut: () => controller.error(new TypeError('network error')),
      aborted: () => init.signal?.aborted ?? false,
    });
    return new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream', [JOB_ID_HEADER]: jobId } });
  });
  return { streams, lookups, state };
}

export const failEvent = sse({ type: 'error', error: { message: 'The upstream failed.', type: 'server_error', param: null, code: null } } as { type: string });

export async function sendPrompt(prompt: string) {
  const box = screen.getByRole('textbox', { name: 'Prompt' });
  fireEvent.input(box, { target: { value: prompt } });
  fireEvent.keyDown(box, { key: 'Enter' });
}

const batch = () => within(screen.getByRole('group', { name: 'Batch' }));
const applied = () => posted.messages().filter((m): m is Extract<UiToMain, { type: 'apply-image' }> => m.type === 'apply-image');

describe('the batch in the prompt bar', () => {
  it('counts done and failed, and Retry N failed runs exactly the failed frames again', async () => {
    const { streams } = batchBackend();
    const frames = [target('1:1', 'Hero', 400), target('1:2', 'Card', 600), target('1:3', 'Tile', 800)];
    render(<App />);
    fromMain({ type: 'init', settings, selection: { targets: frames, skipped: [] } });
    await screen.findByText(/Connected/);
    await sendPrompt('spring');
    await waitFor(() => expect(streams).toHaveLength(3));
    expect(batch().getByRole('status').textContent).toBe('0 of 3 done');
    expect(batch().getByRole('button', { name: 'Stop all (3 running)' })).toBeTruthy();

    streams[0]!.push(sse(completedEvent(pngBytes(8, 8, 1), streams[0]!.body.size!)), true);
    // The main thread places Hero's image.
    const hero = await waitFor(() => {
      const m = applied().find((a) => a.nodeId === '1:1');
      if (!m) throw new Error('Hero not applied yet');
      return m;
    });
    fromMain({ type: 'applied', requestId: hero.requestId, nodeId: '1:1', imageHash: 'h1', created: false });
    streams[1]!.push(failEvent, true);
    streams[2]!.push(failEvent, true);
    await waitFor(() => expect(batch().getByRole('status').textContent).toBe('1 of 3 done · 2 failed'));
    expect(batch().queryByRole('button', { name: /^Stop all/ })).toBeNull();

    fireEvent.click(batch().getByRole('button', { name: 'Retry 2 failed' }));
    await waitFor(() => expect(streams).toHaveLength(5));
    // The two failed frames, at their own sizes, and not the one that succeeded.
    expect(streams.slice(3).map((s) => s.body.size)).toEqual([streams[1]!.body.size, streams[2]!.body.size]);
    expect(batch().getByRole('button', { name: 'Stop all (2 running)' })).toBeTruthy();
    for (const s of streams.slice(3)) s.push(sse(completedEvent(pngBytes(8, 8, 2), s.body.size!)), true);
    await waitFor(() => expect(applied().map((m) => m.nodeId).sort()).toEqual(['1:1', '1:2', '1:3']));
    for (const m of applied().filter((a) => a.nodeId !== '1:1')) fromMain({ type: 'applied', requestId: m.requestId, nodeId: m.nodeId!, imageHash: 'h2', created: false });
    await waitFor(() => expect(screen.queryByRole('group', { name: 'Batch' })).toBeNull());
  });

  it('still says how many run after the selection changes, and Stop all stops every one of them', async () => {
    const { streams } = batchBackend();
    render(<App />);
    fromMain({ type: 'init', settings, selection: { targets: [target('1:1', 'Hero', 400), target('1:2', 'Card', 600)], skipped: [] } });
    await screen.findByText(/Connected/);
    await sendPrompt('autumn');
    await waitFor(() => expect(streams).toHaveLength(2));
    fromMain({ type: 'selection', selection: { targets: [target('9:9', 'Other', 300)], skipped: [] } });
    await waitFor(() => expect(screen.getByRole('button', { name: /^Other|^1 frame/ })).toBeTruthy());
    expect(screen.getByRole('button', { name: /· 2 running$/ })).toBeTruthy();
    fireEvent.click(batch().getByRole('button', { name: 'Stop all (2 running)' }));
    await waitFor(() => expect(streams.every((s) => s.aborted())).toBe(true));
    await waitFor(() => expect(screen.queryByRole('button', { name: /^Stop all/ })).toBeNull());
  });

  it('when the backend dies mid-batch: the header and rows say Backend unreachable, and once it is back each failed row says whether its job was kept', async () => {
    const job = (id: string, images: JobInfo['images']): JobInfo => ({ id, kind: 'generation', status: 'interrupted', createdAt: 1, model: 'gpt-image-2', size: '1024x1024', quality: 'medium', n: 1, images });
    const { streams, lookups, state } = batchBackend({ 'job-1': job('job-1', [{ index: 0, size: '1024x1024', url: '/v1/jobs/job-1/images/0' }]), 'job-2': job('job-2', []) });
    render(<App />);
    fromMain({ type: 'init', settings, selection: { targets: [target('1:1', 'Hero', 400), target('1:2', 'Card', 600), target('1:3', 'Tile', 800)], skipped: [] } });
    await screen.findByText(/Connected/);
    await sendPrompt('winter');
    await waitFor(() => expect(streams).toHaveLength(3));
    vi.useFakeTimers({ shouldAdvanceTime: true });
    state.up = false;
    for (const s of streams) s.cut();
    // Each stream is resumed from its job a few times (about 15 s) before its run is reported failed.
    await act(async () => void (await vi.advanceTimersByTimeAsync(20_000)));
    await screen.findByText('Backend unreachable');
    expect(screen.queryByText(/^Connected|^Demo mode/)).toBeNull();
    const chat = within(screen.getByRole('list', { name: 'Chat' }));
    await waitFor(() => expect(chat.getAllByText('Backend unreachable: http://127.0.0.1:8787 did not answer. Is it running, and is the URL in Settings right?')).toHaveLength(3));
    expect(chat.queryByText(/network error/i)).toBeNull();
    expect(screen.queryByText(/kept this job|Not kept/)).toBeNull();
    expect(batch().getByRole('button', { name: 'Retry 3 failed' })).toBeTruthy();
    vi.useRealTimers();

    state.up = true;
    fireEvent.click(screen.getByRole('button', { name: 'Reconnect' }));
    await screen.findByText(/Connected/);
    const row = (name: string) => chat.getByText(name, { selector: '.name' }).closest('li')!;
    await waitFor(() => expect(within(row('Hero')).getByText('The backend kept this job: its finished images can be recovered from Recent.')).toBeTruthy());
    expect(within(row('Card')).getByText('The backend kept this job but finished no image of it: Retry makes a new one.')).toBeTruthy();
    expect(within(row('Tile')).getByText('Not kept by the backend: Retry makes a new one.')).toBeTruthy();
    expect(lookups.filter((id) => id.startsWith('job-')).sort()).toEqual(['job-1', 'job-2', 'job-3']);
  });

  it('a failed run makes the header check the backend at once, not at its next 15 s watch', async () => {
    const { streams, state } = batchBackend();
    render(<App />);
    fromMain({ type: 'init', settings, selection: { targets: [target('1:1', 'Hero', 400)], skipped: [] } });
    await screen.findByText(/Connected/);
    await sendPrompt('spring');
    await waitFor(() => expect(streams).toHaveLength(1));
    state.up = false;
    streams[0]!.push(failEvent, true);
    await screen.findByText('Backend unreachable');
    expect(screen.queryByText(/^Connected/)).toBeNull();
  });

  it('keeps saying Backend unreachable while it checks again, never Connecting… in between', async () => {
    let health: 'down' | 'hang' = 'down';
    vi.stubGlobal('fetch', (_url: string, init: RequestInit = {}) =>
      health === 'down'
        ? Promise.reject(new TypeError('Failed to fetch'))
        : new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError')))),
    );
    render(<App />);
    fromMain({ type: 'init', settings, selection: { targets: [], skipped: [] } });
    await screen.findByText('Backend unreachable');
    health = 'hang';
    fireEvent.click(screen.getByRole('button', { name: 'Reconnect' }));
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.getByText('Backend unreachable')).toBeTruthy();
    expect(screen.queryByText('Connecting…')).toBeNull();
  });

  it('does not ask about the job of a run the backend itself failed (it answered: nothing was lost to a dead backend)', async () => {
    const { streams, lookups } = batchBackend();
    render(<App />);
    fromMain({ type: 'init', settings, selection: { targets: [target('1:1', 'Hero', 400)], skipped: [] } });
    await screen.findByText(/Connected/);
    await sendPrompt('summer');
    await waitFor(() => expect(streams).toHaveLength(1));
    streams[0]!.push(failEvent, true);
    await within(screen.getByRole('list', { name: 'Chat' })).findByText('The upstream failed.');
    await new Promise((r) => setTimeout(r, 50));
    expect(lookups).toEqual([]);
    expect(screen.queryByText(/kept this job|Not kept/)).toBeNull();
  });
});
