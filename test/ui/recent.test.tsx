// @vitest-environment happy-dom
/** Recent: this token's jobs from the backend with thumbnails, applied to the selection; empty and error states. */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobInfo } from '../../contract/api';
import type { Target, UiToMain } from '../../contract/messages';
import { useEffect, useState } from 'preact/hooks';
import { createBackendClient, type BackendClient } from '../../ui/api/client';
import { Chat } from '../../ui/components/Chat';
import { Recent } from '../../ui/components/Recent';
import { createObjectUrls } from '../../ui/object-urls';
import { planReuse } from '../../ui/run/plan';
import type { RecentPrompt } from '../../contract/recent-messages';
import { aspectMismatch, mismatchText } from '../../ui/run/reuse';
import { Runner } from '../../ui/run/runner';
import { jsonResponse, pngBytes } from './fixtures';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const BASE = 'http://127.0.0.1:8787';
const client = () => createBackendClient({ backendUrl: BASE, accessToken: 'tok' });
const target = (id: string): Target => ({ id, name: `Frame ${id}`, nodeType: 'FRAME', width: 200, height: 100, hasImageFill: false });

const job = (id: string, finishedAt: number, images: JobInfo['images']): JobInfo => ({
  id,
  kind: 'generation',
  status: images.length > 0 ? 'succeeded' : 'failed',
  createdAt: finishedAt - 30_000,
  finishedAt,
  model: 'gpt-image-2',
  size: images[0]?.size ?? '1536x1024',
  quality: 'medium',
  n: 1,
  images,
});
const harbour = job('job_a', Date.UTC(2026, 0, 5, 9, 30), [{ index: 0, size: '1536x1024', url: '/v1/jobs/job_a/images/0' }]);
const failed = job('job_b', Date.UTC(2026, 0, 5, 9, 0), []);
const tram = job('job_c', Date.UTC(2026, 0, 4, 17, 15), [{ index: 0, size: '1024x1024', url: '/v1/jobs/job_c/images/0' }]);
const when = (j: JobInfo) => new Date(j.finishedAt!).toLocaleString();

/** The backend's job routes behind `fetch`; each kept image is a real PNG of the job's size. */
function backend(list: () => Response, images: Record<string, Uint8Array> = {}) {
  const calls: string[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    calls.push(url);
    expect((init.headers as Record<string, string>).authorization).toBe('Bearer tok');
    if (url === `${BASE}/v1/jobs?limit=20`) return list();
    const bytes = images[url.slice(BASE.length)];
    return bytes ? new Response(bytes as BlobPart, { status: 200, headers: { 'content-type': 'image/png' } }) : jsonResponse(404, { error: { message: 'No such image.', type: 'x', param: null, code: 'not_found' } });
  });
  return calls;
}

/** Recent wired as App wires it: Apply plans reuse runs for the selection, which the runner applies (posting to `post`). */
function Applying({ client, targets, post, prompts }: { client: BackendClient; targets: Target[]; post(m: UiToMain): void; prompts?: RecentPrompt[] }) {
  const [runner] = useState(() => new Runner({ client: () => client, post, readInput: () => Promise.reject(new Error('no edits here')), urls: createObjectUrls() }));
  const [runs, setRuns] = useState(runner.runs);
  useEffect(() => runner.subscribe(() => setRuns(runner.runs)), [runner]);
  return (
    <>
      <Recent client={client} prompts={prompts} targets={targets} onApply={(job, prompt) => runner.start(planReuse(job, targets, prompt))} />
      <Chat runs={runs} />
    </>
  );
}

describe('Recent', () => {
  it('lists the jobs that kept an image, newest first, each with its thumbnail', async () => {
    backend(() => jsonResponse(200, { data: [harbour, failed, tram] }), {
      '/v1/jobs/job_a/images/0': pngBytes(48, 32),
      '/v1/jobs/job_c/images/0': pngBytes(32, 32),
    });
    render(<Recent client={client()} onApply={() => undefined} />);
    expect(screen.getByText('Loading recent images…')).toBeTruthy();
    const list = await screen.findByRole('list', { name: 'Recent images' });
    expect([...list.querySelectorAll('li')].map((li) => li.querySelector('.recent-meta')!.textContent)).toEqual([
      `${when(harbour)} · 1536x1024`,
      `${when(tram)} · 1024x1024`,
    ]);
    const thumbs = await screen.findAllByRole('img');
    await waitFor(() => expect(screen.getAllByRole('img')).toHaveLength(2));
    expect(thumbs[0]!.getAttribute('alt')).toBe(`Image from ${when(harbour)}, 1536x1024`);
    for (const img of screen.getAllByRole('img')) expect(img.getAttribute('src')).toMatch(/^blob:/);
  });

  it('asks again when a run ends while it is open: the new job appears, kept thumbnails are not fetched again', async () => {
    let data = [tram];
    const calls = backend(() => jsonResponse(200, { data }), {
      '/v1/jobs/job_a/images/0': pngBytes(48, 32),
      '/v1/jobs/job_c/images/0': pngBytes(32, 32),
    });
    const c = client();
    const { rerender } = render(<Recent client={c} onApply={() => undefined} refresh={0} />);
    await waitFor(() => expect(screen.getAllByRole('img')).toHaveLength(1));
    const tramSrc = screen.getByRole('img').getAttribute('src');
    data = [harbour, tram];
    rerender(<Recent client={c} onApply={() => undefined} refresh={1} />);
    await waitFor(() => expect(screen.getAllByRole('img')).toHaveLength(2));
    expect(screen.getByRole('img', { name: `Image from ${when(tram)}, 1024x1024` }).getAttribute('src')).toBe(tramSrc);
    expect(calls.filter((u) => u.endsWith('/v1/jobs?limit=20'))).toHaveLength(2);
    expect(calls.filter((u) => u.endsWith('/job_c/images/0'))).toHaveLength(1);
    expect(calls.filter((u) => u.endsWith('/job_a/images/0'))).toHaveLength(1);
  });

  it('Apply fetches the kept image and posts it for every selected frame, with its pixel size and version', async () => {
    const bytes = pngBytes(48, 32, 3);
    backend(() => jsonResponse(200, { data: [harbour] }), { '/v1/jobs/job_a/images/0': bytes });
    const post = vi.fn<(m: UiToMain) => void>();
    render(<Applying client={client()} targets={[target('1:2'), target('1:3')]} post={post} />);
    fireEvent.click(await screen.findByRole('button', { name: `Apply the image from ${when(harbour)} to the selection` }));
    // 3:2 onto 2:1 frames: confirmed first (see the aspect tests below).
    fireEvent.click(await screen.findByRole('button', { name: 'Apply anyway' }));
    await waitFor(() => expect(post).toHaveBeenCalledTimes(2));
    const sent = post.mock.calls.map(([m]) => m as Extract<UiToMain, { type: 'apply-image' }>);
    expect(sent.map((m) => [m.type, m.nodeId, m.width, m.height, m.prompt])).toEqual([
      ['apply-image', '1:2', 48, 32, 'Figment image'],
      ['apply-image', '1:3', 48, 32, 'Figment image'],
    ]);
    for (const m of sent) expect(m.bytes).toEqual(bytes);
    // The frame's thread records where the image came from, like any applied image.
    for (const m of sent) expect(m.version).toEqual({ model: 'gpt-image-2', size: '1536x1024', quality: 'medium', engine: 'images', jobId: 'job_a' });
    expect(new Set(sent.map((m) => m.requestId)).size).toBe(2);
  });

  it('with nothing selected, Apply puts the image in a new frame', async () => {
    backend(() => jsonResponse(200, { data: [tram] }), { '/v1/jobs/job_c/images/0': pngBytes(32, 32) });
    const post = vi.fn<(m: UiToMain) => void>();
    render(<Applying client={client()} targets={[]} post={post} />);
    fireEvent.click(await screen.findByRole('button', { name: /^Apply the image from/ }));
    await waitFor(() => expect(post).toHaveBeenCalledOnce());
    expect(post.mock.calls[0]![0]).toMatchObject({ type: 'apply-image', nodeId: null, width: 32, height: 32 });
  });

  it('says so when this token has no kept images', async () => {
    backend(() => jsonResponse(200, { data: [failed] }));
    render(<Recent client={client()} onApply={() => undefined} />);
    await screen.findByText('No recent images for this access token.');
    expect(screen.queryByRole('list', { name: 'Recent images' })).toBeNull();
  });

  it('explains why the list could not be loaded', async () => {
    backend(() => jsonResponse(401, { error: { message: 'Unknown token.', type: 'x', param: null, code: 'invalid_access_token' } }));
    render(<Recent client={client()} onApply={() => undefined} />);
    await screen.findByText('Access token rejected — check Settings.');
  });

  it('explains an image that can no longer be fetched, and applies nothing', async () => {
    backend(() => jsonResponse(200, { data: [harbour] }));
    const post = vi.fn<(m: UiToMain) => void>();
    render(<Applying client={client()} targets={[target('1:2')]} post={post} />);
    fireEvent.click(await screen.findByRole('button', { name: /^Apply the image from/ }));
    fireEvent.click(await screen.findByRole('button', { name: 'Apply anyway' }));
    await screen.findByText(/No such image/);
    expect(post).not.toHaveBeenCalled();
  });

  it("shows each row's prompt (the backend's, else the plugin's own index) with the frame it went to, else 'Prompt not kept'", async () => {
    const long = 'A quiet harbour at dawn with fishing boats, soft mist over the water and gulls on the pier posts';
    backend(() => jsonResponse(200, { data: [{ ...harbour, prompt: long }, tram, { ...tram, id: 'job_d' }] }), {
      '/v1/jobs/job_a/images/0': pngBytes(48, 32),
      '/v1/jobs/job_c/images/0': pngBytes(32, 32),
      '/v1/jobs/job_d/images/0': pngBytes(32, 32),
    });
    const prompts: RecentPrompt[] = [{ jobId: 'job_c', prompt: 'a red tram in the rain', frame: 'Hero card' }];
    render(<Recent client={client()} prompts={prompts} onApply={() => undefined} />);
    const rows = [...(await screen.findByRole('list', { name: 'Recent images' })).querySelectorAll('li')];
    expect(rows.map((li) => li.querySelector('.recent-prompt')!.textContent)).toEqual([long, 'a red tram in the rain', 'Prompt not kept']);
    // Truncated on screen, the whole text a hover away.
    expect(rows[0]!.querySelector('.recent-prompt')!.getAttribute('title')).toBe(long);
    expect(rows[1]!.querySelector('.recent-meta')!.textContent).toBe(`Hero card · ${when(tram)} · 1024x1024`);
    await waitFor(() => expect(screen.getAllByRole('img')).toHaveLength(3));
    expect(screen.getAllByRole('img').map((i) => i.getAttribute('alt'))).toEqual([
      `Image from ${when(harbour)}, 1536x1024`,
      `Image from ${when(tram)}, 1024x1024`,
      `Image from ${when(tram)}, 1024x1024`,
    ]);
  });

  it("the applied version keeps the job's prompt", async () => {
    backend(() => jsonResponse(200, { data: [tram] }), { '/v1/jobs/job_c/images/0': pngBytes(32, 32) });
    const post = vi.fn<(m: UiToMain) => void>();
    const square = { ...target('1:2'), width: 100, height: 100 };
    render(<Applying client={client()} targets={[square]} post={post} prompts={[{ jobId: 'job_c', prompt: 'a red tram', frame: 'Old' }]} />);
    fireEvent.click(await screen.findByRole('button', { name: /^Apply the image from/ }));
    await waitFor(() => expect(post).toHaveBeenCalledOnce());
    expect(post.mock.calls[0]![0]).toMatchObject({ type: 'apply-image', nodeId: '1:2', prompt: 'a red tram' });
    // Same shape: no warning was needed.
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it("warns with both ratios when the frame's shape differs; Cancel applies nothing, Apply anyway applies", async () => {
    backend(() => jsonResponse(200, { data: [harbour] }), { '/v1/jobs/job_a/images/0': pngBytes(48, 32) });
    const post = vi.fn<(m: UiToMain) => void>();
    render(<Applying client={client()} targets={[target('1:2')]} post={post} />);
    const apply = await screen.findByRole('button', { name: /^Apply the image from/ });
    fireEvent.click(apply);
    expect((await screen.findByRole('alert')).textContent).toContain('This image is 1.5:1 but “Frame 1:2” is 2:1; applying crops it to cover the frame.');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alert')).toBeNull();
    await new Promise((r) => setTimeout(r, 50));
    expect(post).not.toHaveBeenCalled();
    fireEvent.click(apply);
    const anyway = await screen.findByRole('button', { name: 'Apply anyway' });
    // The keyboard answers the warning at once.
    expect(document.activeElement).toBe(anyway);
    fireEvent.click(anyway);
    await waitFor(() => expect(post).toHaveBeenCalledOnce());
    expect(post.mock.calls[0]![0]).toMatchObject({ type: 'apply-image', nodeId: '1:2', width: 48, height: 32 });
  });
});

describe('Search recent', () => {
  it('filters the rows by every word typed, in the prompt or the layer name', async () => {
    backend(() => jsonResponse(200, { data: [{ ...harbour, prompt: 'A calm harbour at dawn' }, tram, { ...tram, id: 'job_d' }] }), {
      '/v1/jobs/job_a/images/0': pngBytes(48, 32),
      '/v1/jobs/job_c/images/0': pngBytes(32, 32),
      '/v1/jobs/job_d/images/0': pngBytes(32, 32),
    });
    const prompts: RecentPrompt[] = [{ jobId: 'job_c', prompt: 'a red tram in the rain', frame: 'Hero card' }];
    render(<Recent client={client()} prompts={prompts} onApply={() => undefined} />);
    const list = await screen.findByRole('list', { name: 'Recent images' });
    const rows = () => [...list.querySelectorAll('.recent-prompt')].map((e) => e.textContent);
    expect(rows()).toHaveLength(3);
    const search = screen.getByRole('searchbox', { name: 'Search recent' });
    fireEvent.input(search, { target: { value: 'HARBOUR dawn' } });
    expect(rows()).toEqual(['A calm harbour at dawn']);
    fireEvent.input(search, { target: { value: 'hero rain' } });
    expect(rows()).toEqual(['a red tram in the rain']);
    fireEvent.input(search, { target: { value: 'volcano' } });
    expect(rows()).toEqual([]);
    screen.getByText('No recent image matches “volcano”.');
    fireEvent.input(search, { target: { value: '' } });
    expect(rows()).toHaveLength(3);
    await waitFor(() => expect(screen.getAllByRole('img')).toHaveLength(3));
  });
});

describe('aspectMismatch', () => {
  const frame = (name: string, width: number, height: number) => ({ name, width, height });
  it('is null within the tolerance, for a new frame, and for sizes that are not pixels', () => {
    expect(aspectMismatch('1536x1024', [frame('A', 300, 200), frame('B', 301, 200)])).toBeNull();
    expect(aspectMismatch('1536x1024', [])).toBeNull();
    expect(aspectMismatch('auto', [frame('A', 100, 300)])).toBeNull();
  });
  it('names the first frame of another shape and counts the others', () => {
    const m = aspectMismatch('1024x1024', [frame('Square', 50, 50), frame('Wide', 400, 100), frame('Tall', 100, 400)])!;
    expect(m).toEqual({ image: 1, target: 4, targetName: 'Wide', others: 1 });
    expect(mismatchText(m)).toBe('This image is 1:1 but “Wide” (and 1 more frame) is 4:1; applying crops it to cover the frame.');
  });
});
