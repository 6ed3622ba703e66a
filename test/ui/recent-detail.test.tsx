// @vitest-environment happy-dom
/**
 * Recent's detail view in the panel: the request (model, size, quality, cost, when, who, status), the prompt and the
 * image; "Use this prompt again" puts the prompt, model and quality into the prompt area (the request then carries
 * them); Back and Escape return to the list with the focus on the row that opened it.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { GenerateImageRequest, JobInfo } from '../../contract/api';
import type { SelectionInfo, Target, UiToMain } from '../../contract/messages';
import { costFromUsage, formatUsd } from '../../core/cost';
import { findModel } from '../../core/models';
import { App } from '../../ui/components/App';
import { fromMain, jsonResponse, pngBytes } from './fixtures';
import { watchPostsToMain } from './posts-to-main';

const settings = { backendUrl: 'http://127.0.0.1:8787', accessToken: 'tok-abc' };
const target = (id: string, name: string): Target => ({ id, name, nodeType: 'FRAME', width: 300, height: 200, hasImageFill: false });
const selection: SelectionInfo = { targets: [target('1:1', 'Hero')], skipped: [] };

const usage = { input_tokens: 40, output_tokens: 4160, total_tokens: 4200, input_tokens_details: { text_tokens: 40, image_tokens: 0 } };
const lighthouse: JobInfo = {
  id: 'job_light',
  kind: 'generation',
  status: 'succeeded',
  createdAt: Date.UTC(2026, 0, 5, 9, 0),
  finishedAt: Date.UTC(2026, 0, 5, 9, 1),
  model: 'gpt-image-2.6-flare',
  size: '1536x1024',
  quality: 'high',
  n: 1,
  prompt: 'A lighthouse at dusk, long exposure',
  owner: 'ana',
  images: [{ index: 0, size: '1536x1024', url: '/v1/jobs/job_light/images/0' }],
  usage,
};
const refused: JobInfo = {
  ...lighthouse,
  id: 'job_refused',
  status: 'failed',
  prompt: 'A refused poster',
  images: [],
  usage: { input_tokens: 0, output_tokens: 0, total_tokens: 0 },
  error: { message: 'The request was refused by moderation.', type: 'invalid_request_error', param: null, code: 'moderation_blocked' },
};
// A teammate's image, listed only by a backend with team history.
const harbour: JobInfo = { ...lighthouse, id: 'job_harbour', finishedAt: Date.UTC(2026, 0, 5, 8, 0), prompt: 'A harbour at dawn', owner: 'ben', images: [{ index: 0, size: '1536x1024', url: '/v1/jobs/job_harbour/images/0' }] };
const when = (j: JobInfo) => new Date(j.finishedAt!).toLocaleString();

function backend(provider = 'openai', history?: 'own' | 'team') {
  const generations: GenerateImageRequest[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    if (url.endsWith('/v1/health')) return jsonResponse(200, { status: 'ok', version: '1', provider, defaultModel: 'gpt-image-2' });
    if (url.endsWith('/v1/config')) {
      const models = ['gpt-image-2', 'gpt-image-2.6-flare'].map((id) => findModel(id)!);
      return jsonResponse(200, { provider, defaultModel: 'gpt-image-2', draftModel: 'gpt-image-2', editModel: 'gpt-image-2', models, tokenName: 'ana', history });
    }
    if (url.endsWith('/v1/jobs?limit=20')) return jsonResponse(200, { data: history === 'team' ? [lighthouse, refused, harbour] : [lighthouse, refused] });
    if (url.endsWith('/images/0')) return new Response(pngBytes(48, 32) as BlobPart, { status: 200, headers: { 'content-type': 'image/png' } });
    generations.push(JSON.parse(init.body as string) as GenerateImageRequest);
    return jsonResponse(503, { error: { message: 'Busy.', type: 'server_error', param: null, code: null } });
  });
  return generations;
}

const posted = watchPostsToMain();
const sent = <T extends UiToMain['type']>(type: T) => posted.messages().filter((m): m is Extract<UiToMain, { type: T }> => m.type === type);

async function openRecent() {
  render(<App />);
  fromMain({ type: 'init', settings, selection });
  await screen.findByText(/^Connected|^Demo mode/);
  fireEvent.click(screen.getByRole('button', { name: 'Recent' }));
  await waitFor(() => expect(sent('get-file-jobs')).toHaveLength(1));
  fromMain({ type: 'file-jobs', jobIds: ['job_light'] });
  fromMain({ type: 'recent-prompts', prompts: [{ jobId: 'job_light', prompt: 'A lighthouse at dusk, long exposure', frame: 'Hero' }] });
  const panel = within(await screen.findByRole('region', { name: 'Recent' }));
  await panel.findByRole('list', { name: 'Recent images' });
  return panel;
}

const request = (panel: ReturnType<typeof within>) =>
  Object.fromEntries([...panel.getByRole('region', { name: 'Recent image details' }).querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling!.textContent]));

describe('Recent detail view', () => {
  it('shows the request, the prompt and the image, and Back returns the focus to the row', async () => {
    backend();
    const panel = await openRecent();
    // A backend that sends no history lists only this token's jobs: Mine could not differ from All.
    expect(panel.queryByRole('radio', { name: 'Mine' })).toBeNull();
    // The main thread's answer drives This file.
    fireEvent.click(panel.getByRole('radio', { name: 'This file' }));
    const row = panel.getByRole('button', { name: `Details of the image from ${when(lighthouse)}` });
    await waitFor(() => expect(panel.getAllByRole('img')).toHaveLength(1));
    row.focus();
    fireEvent.click(row);
    const detail = within(panel.getByRole('region', { name: 'Recent image details' }));
    expect(document.activeElement).toBe(detail.getByRole('button', { name: 'Back to Recent' }));
    expect(request(panel)).toEqual({
      Model: 'gpt-image-2.6-flare',
      Size: '1536x1024',
      Quality: 'high',
      Cost: formatUsd(costFromUsage('gpt-image-2.6-flare', usage)),
      When: when(lighthouse),
      By: 'ana',
      Status: 'Done',
      Layer: 'Hero',
    });
    detail.getByText('A lighthouse at dusk, long exposure');
    expect(detail.getByRole('img').getAttribute('alt')).toBe(`Image from ${when(lighthouse)}, 1536x1024`);
    expect(detail.getByRole('img').getAttribute('src')).toMatch(/^blob:/);
    detail.getByRole('button', { name: `Apply the image from ${when(lighthouse)} to the selection` });

    fireEvent.click(detail.getByRole('button', { name: 'Back to Recent' }));
    expect(panel.queryByRole('region', { name: 'Recent image details' })).toBeNull();
    const again = panel.getByRole('button', { name: `Details of the image from ${when(lighthouse)}` });
    await waitFor(() => expect(document.activeElement).toBe(again));
    // The filter chosen before is kept.
    expect((panel.getByRole('radio', { name: 'This file' }) as HTMLInputElement).checked).toBe(true);
  });

  it('with team history, offers Mine, which leaves out a teammate’s image; its detail says who ran it', async () => {
    backend('openai', 'team');
    const panel = await openRecent();
    const teammates = `Details of the image from ${when(harbour)}`;
    fireEvent.click(panel.getByRole('button', { name: teammates }));
    expect(request(panel)).toMatchObject({ By: 'ben' });
    fireEvent.click(panel.getByRole('button', { name: 'Back to Recent' }));
    fireEvent.click(panel.getByRole('radio', { name: 'Mine' }));
    expect(panel.queryByRole('button', { name: teammates })).toBeNull();
    panel.getByRole('button', { name: `Details of the image from ${when(lighthouse)}` });
  });

  it('on a demo backend, says the image was free', async () => {
    backend('demo');
    const panel = await openRecent();
    fireEvent.click(panel.getByRole('button', { name: `Details of the image from ${when(lighthouse)}` }));
    expect(request(panel)).toMatchObject({ Cost: 'Free (demo images)', Status: 'Done' });
  });

  it('Escape returns to the list; a failed job shows why, with no Apply', async () => {
    backend();
    const panel = await openRecent();
    fireEvent.click(panel.getByRole('radio', { name: 'Failed' }));
    fireEvent.click(panel.getByRole('button', { name: `Details of the job from ${when(refused)}` }));
    const region = panel.getByRole('region', { name: 'Recent image details' });
    expect(request(panel)).toMatchObject({ Status: 'Failed', Cost: 'Not known', By: 'ana' });
    within(region).getByText('The request was refused by moderation.');
    expect(within(region).queryByRole('button', { name: /^Apply/ })).toBeNull();
    fireEvent.keyDown(within(region).getByRole('button', { name: 'Back to Recent' }), { key: 'Escape' });
    expect(panel.queryByRole('region', { name: 'Recent image details' })).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(panel.getByRole('button', { name: `Details of the job from ${when(refused)}` })));
  });

  it('"Use this prompt again" puts the prompt, model and quality into the prompt area; the request carries them', async () => {
    const generations = backend();
    const panel = await openRecent();
    const box = screen.getByRole('textbox', { name: 'Prompt' }) as HTMLTextAreaElement;
    fireEvent.input(box, { target: { value: 'something else' } });
    fireEvent.click(panel.getByRole('button', { name: `Details of the image from ${when(lighthouse)}` }));
    fireEvent.click(panel.getByRole('button', { name: 'Use this prompt again' }));
    await waitFor(() => expect(box.value).toBe('A lighthouse at dusk, long exposure'));
    expect(document.activeElement).toBe(box);
    const model = sent('save-settings').at(-1)!;
    expect(model.settings.model).toBe('gpt-image-2.6-flare');
    fromMain({ type: 'settings-saved', settings: model.settings });
    await waitFor(() => expect((screen.getByRole('combobox', { name: 'Quality for Hero' }) as HTMLSelectElement).value).toBe('high'));
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(generations).toHaveLength(1));
    expect(generations[0]).toMatchObject({ model: 'gpt-image-2.6-flare', quality: 'high' });
    expect(generations[0]!.prompt).toContain('A lighthouse at dusk, long exposure');
  });
});
