// @vitest-environment happy-dom
/**
 * Recent's filters (all, this file, mine with team history, failed), each alone and combined with the search, and
 * the notice that search sees only what the plugin knows locally when the backend keeps no prompts.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobInfo } from '../../contract/api';
import type { RecentPrompt } from '../../contract/recent-messages';
import { createBackendClient } from '../../ui/api/client';
import { Recent } from '../../ui/components/Recent';
import { inFilter, recentFiltersFor, requestOfJob, searchIsLocal } from '../../ui/state/recent-filter';
import { jsonResponse, pngBytes } from './fixtures';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const BASE = 'http://127.0.0.1:8787';
const client = () => createBackendClient({ backendUrl: BASE, accessToken: 'tok' });

const at = (minute: number) => Date.UTC(2026, 0, 5, 9, minute);
function job(id: string, patch: Partial<JobInfo> = {}): JobInfo {
  const status = patch.status ?? 'succeeded';
  return {
    id,
    kind: 'generation',
    status,
    createdAt: at(0),
    finishedAt: at(Number(id.slice(-1))),
    model: 'gpt-image-2',
    size: '1024x1024',
    quality: 'medium',
    n: 1,
    owner: 'ana',
    images: status === 'succeeded' ? [{ index: 0, size: '1024x1024', url: `/v1/jobs/${id}/images/0` }] : [],
    ...patch,
  };
}
// Newest first, as the backend lists them.
const jobs: JobInfo[] = [
  job('job_6', { prompt: 'a lighthouse at dusk' }),
  job('job_5', { status: 'failed', prompt: 'a refused poster', error: { message: 'Refused by moderation.', type: 'x', param: null, code: 'moderation_blocked' } }),
  job('job_4', { prompt: 'a harbour at dawn', owner: 'design-team' }),
  job('job_3', { status: 'interrupted', prompt: 'a cut-off harbour' }),
  job('job_2', { prompt: 'a tram in the rain' }),
  job('job_1', { status: 'cancelled', prompt: 'a stopped tram' }),
];

function backend(list: JobInfo[]) {
  vi.stubGlobal('fetch', async (url: string) => {
    if (url === `${BASE}/v1/jobs?limit=20`) return jsonResponse(200, { data: list });
    if (url.includes('/images/')) return new Response(pngBytes(16, 16) as BlobPart, { status: 200, headers: { 'content-type': 'image/png' } });
    return jsonResponse(404, { error: { message: 'No.', type: 'x', param: null, code: 'not_found' } });
  });
}

const prompts = () => [...document.querySelectorAll('.recent .recent-prompt')].map((e) => e.textContent);
const show = (name: string) => fireEvent.click(screen.getByRole('radio', { name }));
const search = (value: string) => fireEvent.input(screen.getByRole('searchbox', { name: 'Search recent' }), { target: { value } });

describe('Recent filters', () => {
  it('All shows the jobs that kept an image; This file, Mine (team history) and Failed each narrow it', async () => {
    backend(jobs);
    const load = vi.fn();
    render(<Recent client={client()} onApply={() => undefined} fileJobs={new Set(['job_2', 'job_5', 'job_9'])} loadFileJobs={load} tokenName="ana" history="team" />);
    await screen.findByRole('list', { name: 'Recent images' });
    // Opening Recent asks the main thread which jobs this document holds, once.
    expect(load).toHaveBeenCalledOnce();
    expect(screen.getByRole('radiogroup', { name: 'Show' })).toBeTruthy();
    expect((screen.getByRole('radio', { name: 'All' }) as HTMLInputElement).checked).toBe(true);
    expect(prompts()).toEqual(['a lighthouse at dusk', 'a harbour at dawn', 'a tram in the rain']);

    show('This file');
    expect(prompts()).toEqual(['a tram in the rain']);
    show('Mine');
    // The team's harbour is listed under All but is not this token's.
    expect(prompts()).toEqual(['a lighthouse at dusk', 'a tram in the rain']);
    show('Failed');
    // Failed and interrupted, never cancelled (the designer stopped it) or succeeded; each says which.
    expect(prompts()).toEqual(['a refused poster', 'a cut-off harbour']);
    const metas = [...document.querySelectorAll('.recent .recent-meta')].map((e) => e.textContent);
    expect(metas[0]).toMatch(/^Failed · /);
    expect(metas[1]).toMatch(/^Interrupted · /);
    // A failed job has no image to apply.
    expect(screen.queryByRole('button', { name: /^Apply the image/ })).toBeNull();
    show('All');
    expect(prompts()).toHaveLength(3);
    await waitFor(() => expect(screen.getAllByRole('img')).toHaveLength(3));
  });

  it('combines a filter with the search', async () => {
    backend(jobs);
    render(<Recent client={client()} onApply={() => undefined} fileJobs={new Set(['job_2', 'job_4'])} tokenName="ana" history="team" />);
    await screen.findByRole('list', { name: 'Recent images' });
    search('harbour');
    expect(prompts()).toEqual(['a harbour at dawn']);
    show('Failed');
    expect(prompts()).toEqual(['a cut-off harbour']);
    show('Mine');
    // The team's harbour is not this token's: nothing of mine matches.
    expect(prompts()).toEqual([]);
    screen.getByText('No recent image matches “harbour”.');
    show('This file');
    expect(prompts()).toEqual(['a harbour at dawn']);
    search('tram');
    expect(prompts()).toEqual(['a tram in the rain']);
  });

  it('asks again which jobs the file holds after an image is applied (the index of prompts changes)', async () => {
    backend(jobs);
    const load = vi.fn();
    const local: RecentPrompt[] = [{ jobId: 'job_2', prompt: 'a tram in the rain', frame: 'Card' }];
    const { rerender } = render(<Recent client={client()} onApply={() => undefined} prompts={local} fileJobs={new Set()} loadFileJobs={load} />);
    await screen.findByRole('list', { name: 'Recent images' });
    rerender(<Recent client={client()} onApply={() => undefined} prompts={local} fileJobs={new Set(['job_2'])} loadFileJobs={load} />);
    expect(load).toHaveBeenCalledOnce();
    rerender(<Recent client={client()} onApply={() => undefined} prompts={[{ jobId: 'job_6', prompt: 'a lighthouse', frame: 'Hero' }, ...local]} fileJobs={new Set(['job_2'])} loadFileJobs={load} />);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('offers Mine only when the backend lists the team’s jobs: with own history, or none (older backends), All is mine', async () => {
    backend(jobs);
    const names = () => screen.getAllByRole('radio').map((r) => r.closest('label')!.textContent);
    const { rerender } = render(<Recent client={client()} onApply={() => undefined} fileJobs={new Set()} tokenName="ana" history="own" />);
    await screen.findByRole('list', { name: 'Recent images' });
    expect(names()).toEqual(['All', 'This file', 'Failed']);
    expect(screen.queryByRole('radio', { name: 'Mine' })).toBeNull();
    rerender(<Recent client={client()} onApply={() => undefined} fileJobs={new Set()} tokenName="ana" />);
    expect(screen.queryByRole('radio', { name: 'Mine' })).toBeNull();
    rerender(<Recent client={client()} onApply={() => undefined} fileJobs={new Set()} tokenName="ana" history="team" />);
    expect(names()).toEqual(['All', 'This file', 'Mine', 'Failed']);
  });

  it('says All is empty for the token, or for the backend with team history', async () => {
    backend([]);
    const { unmount } = render(<Recent client={client()} onApply={() => undefined} fileJobs={new Set()} tokenName="ana" />);
    await screen.findByText('No recent images for this access token.');
    unmount();
    render(<Recent client={client()} onApply={() => undefined} fileJobs={new Set()} tokenName="ana" history="team" />);
    await screen.findByText('No recent images on this backend.');
    show('Mine');
    screen.getByText('No recent images by this access token.');
  });

  it('says when a filter has nothing, and that the file is still being read', async () => {
    backend([job('job_2', { prompt: 'a tram' })]);
    const { rerender } = render(<Recent client={client()} onApply={() => undefined} fileJobs={null} tokenName="ana" />);
    await screen.findByRole('list', { name: 'Recent images' });
    show('This file');
    screen.getByText('Reading this file…');
    rerender(<Recent client={client()} onApply={() => undefined} fileJobs={new Set()} tokenName="ana" />);
    screen.getByText('No recent image was applied in this file.');
    show('Failed');
    screen.getByText('No failed jobs among the recent ones.');
    expect(screen.queryByRole('list', { name: 'Recent images' })).toBeNull();
  });

  it('says search covers only local prompts when the backend keeps none, and searches the local index', async () => {
    const bare = [job('job_2'), job('job_1')].map(({ prompt: _p, ...rest }) => rest);
    backend(bare);
    const local: RecentPrompt[] = [{ jobId: 'job_1', prompt: 'a red tram in the rain', frame: 'Hero card' }];
    render(<Recent client={client()} onApply={() => undefined} prompts={local} fileJobs={new Set()} />);
    await screen.findByRole('list', { name: 'Recent images' });
    screen.getByText('This backend keeps no prompts: search looks only at the prompts this plugin ran on this computer, and at layer names.');
    search('tram hero');
    expect(prompts()).toEqual(['a red tram in the rain']);
  });

  it('stops fetching thumbnails once Recent is closed', async () => {
    const asked: string[] = [];
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => (release = resolve));
    vi.stubGlobal('fetch', async (url: string) => {
      if (url === `${BASE}/v1/jobs?limit=20`) return jsonResponse(200, { data: jobs });
      asked.push(url);
      await held;
      return new Response(pngBytes(16, 16) as BlobPart, { status: 200, headers: { 'content-type': 'image/png' } });
    });
    const { unmount } = render(<Recent client={client()} onApply={() => undefined} />);
    await screen.findByRole('list', { name: 'Recent images' });
    await waitFor(() => expect(asked).toHaveLength(1));
    unmount();
    release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Three jobs kept an image; only the thumbnail asked for before closing was fetched.
    expect(asked).toEqual([`${BASE}/v1/jobs/job_6/images/0`]);
  });

  it('has no local-only notice when the backend keeps prompts', async () => {
    backend(jobs);
    render(<Recent client={client()} onApply={() => undefined} />);
    await screen.findByRole('list', { name: 'Recent images' });
    expect(screen.queryByText(/keeps no prompts/)).toBeNull();
  });
});

describe('recent-filter', () => {
  it('Mine is the jobs whose owner is the asking token, Failed reads the job statuses, and Mine is offered with team history only', () => {
    expect(inFilter(job('job_1'), 'mine', { fileJobs: null, tokenName: 'ana' })).toBe(true);
    expect(inFilter(job('job_1', { owner: 'ben' }), 'mine', { fileJobs: null, tokenName: 'ana' })).toBe(false);
    expect(inFilter(job('job_1', { owner: undefined }), 'mine', { fileJobs: null })).toBe(false);
    expect(recentFiltersFor('team')).toEqual(['all', 'file', 'mine', 'failed']);
    expect(recentFiltersFor('own')).toEqual(['all', 'file', 'failed']);
    expect(recentFiltersFor(undefined)).toEqual(['all', 'file', 'failed']);
    expect(inFilter(job('job_1'), 'file', { fileJobs: null })).toBe(false);
    expect(['running', 'succeeded', 'failed', 'cancelled', 'interrupted'].filter((status) => inFilter(job('job_1', { status: status as JobInfo['status'] }), 'failed', { fileJobs: null }))).toEqual(['failed', 'interrupted']);
    expect(searchIsLocal([])).toBe(false);
  });

  it("a job's request: its model and quality, auto leaving the quality to Figment", () => {
    expect(requestOfJob({ model: 'gpt-image-2.6-flare', quality: 'high' }, 'p')).toEqual({ prompt: 'p', model: 'gpt-image-2.6-flare', quality: 'high' });
    expect(requestOfJob({ model: 'gpt-image-2', quality: 'auto' }, 'p').quality).toBeNull();
  });
});
