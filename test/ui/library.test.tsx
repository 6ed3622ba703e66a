// @vitest-environment happy-dom
/**
 * The prompt library in the panel: saving the prompt with what shapes it into a scope, using an entry again (the
 * request sends the same fields), and import: a malformed file changes nothing and says why.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { GenerateImageRequest } from '../../contract/api';
import type { SelectionInfo, Target, UiToMain } from '../../contract/messages';
import { findModel } from '../../core/models';
import { EMPTY_STYLE } from '../../core/prompt';
import { libraryFile, type Library, type SavedPrompt } from '../../core/library';
import { App } from '../../ui/components/App';
import { fromMain, jsonResponse } from './fixtures';
import { watchPostsToMain } from './posts-to-main';

const settings = { backendUrl: 'http://127.0.0.1:8787', accessToken: 'tok-abc' };
const target = (id: string, name: string): Target => ({ id, name, nodeType: 'FRAME', width: 800, height: 450, hasImageFill: false });
const selection: SelectionInfo = { targets: [target('1:1', 'Hero'), target('1:2', 'Banner')], skipped: [] };

const harbour: SavedPrompt = {
  name: 'Harbour hero',
  prompt: 'A harbour at dawn, fishing boats, [subject] in the foreground',
  style: { ...EMPTY_STYLE, enabled: true, lighting: 'golden hour', palette: '#0d99ff' },
  model: 'gpt-image-2.6-flare',
  quality: 'high',
  transparent: false,
  useLayerNames: false,
  useFrameText: false,
  savedAt: '2026-12-01T09:00:00.000Z',
};

/** Health and config answer; each generation's body is kept (and answered with an error, which is enough here). */
function backend() {
  const generations: GenerateImageRequest[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    if (url.endsWith('/v1/health')) return jsonResponse(200, { status: 'ok', version: '1', provider: 'openai', defaultModel: 'gpt-image-2' });
    if (url.endsWith('/v1/config')) {
      const models = ['gpt-image-2', 'gpt-image-2.6-flare'].map((id) => findModel(id)!);
      return jsonResponse(200, { provider: 'openai', defaultModel: 'gpt-image-2', draftModel: 'gpt-image-2', editModel: 'gpt-image-2', models });
    }
    generations.push(JSON.parse(init.body as string) as GenerateImageRequest);
    return jsonResponse(503, { error: { message: 'Busy.', type: 'server_error', param: null, code: null } });
  });
  return generations;
}

const posted = watchPostsToMain();
const sent = <T extends UiToMain['type']>(type: T) => posted.messages().filter((m): m is Extract<UiToMain, { type: T }> => m.type === type);

async function openLibrary(library: Library) {
  render(<App />);
  fromMain({ type: 'init', settings, selection });
  await screen.findByText(/Connected/);
  fireEvent.click(screen.getByRole('button', { name: 'Library' }));
  await waitFor(() => expect(sent('get-library')).toHaveLength(1));
  fromMain({ type: 'library', library });
  return screen.findByRole('region', { name: 'Library' });
}

function chooseFile(input: HTMLElement, text: string) {
  const file = new File([text], 'prompts.json', { type: 'application/json' });
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  fireEvent.change(input);
}

describe('prompt library', () => {
  it('saves the prompt with its style lock, model, quality and toggles into the chosen scope', async () => {
    backend();
    const panel = within(await openLibrary({ file: [], mine: [harbour] }));
    expect(panel.getByRole('button', { name: 'Save prompt' })).toHaveProperty('disabled', true);
    expect(panel.getByText(/Type a prompt first/)).toBeTruthy();
    fireEvent.input(screen.getByRole('textbox', { name: 'Prompt' }), { target: { value: 'A red tram in the rain' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Quality for Hero' }), { target: { value: 'low' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Quality for Banner' }), { target: { value: 'low' } });
    fireEvent.input(panel.getByRole('textbox', { name: 'Name' }), { target: { value: ' Tram ' } });
    fireEvent.change(panel.getByRole('combobox', { name: 'Save to' }), { target: { value: 'mine' } });
    fireEvent.click(panel.getByRole('button', { name: 'Save prompt' }));
    const save = sent('save-library').at(-1)!;
    expect(save.scope).toBe('mine');
    expect(save.entries.map((e) => e.name)).toEqual(['Tram', 'Harbour hero']);
    expect(save.entries[0]).toMatchObject({ prompt: 'A red tram in the rain', quality: 'low', model: '', style: EMPTY_STYLE, transparent: false });
    expect(panel.getByRole('status').textContent).toBe('Saved "Tram".');
    // The file's list is untouched; the main thread's answer is what the panel shows.
    fromMain({ type: 'library', library: { file: [], mine: save.entries } });
    await waitFor(() => expect(within(panel.getByRole('list', { name: 'Mine prompts' })).getAllByRole('listitem')).toHaveLength(2));
  });

  it('uses an entry in one action: the prompt replaces what was typed, and the request carries its model and quality', async () => {
    const generations = backend();
    const panel = within(await openLibrary({ file: [harbour], mine: [] }));
    const box = screen.getByRole('textbox', { name: 'Prompt' }) as HTMLTextAreaElement;
    fireEvent.input(box, { target: { value: 'something else' } });
    fireEvent.click(panel.getByRole('button', { name: 'Use Harbour hero' }));
    await waitFor(() => expect(box.value).toBe(harbour.prompt));
    expect(sent('save-style').at(-1)!.style).toEqual(harbour.style);
    const model = sent('save-settings').at(-1)!;
    expect(model.settings.model).toBe('gpt-image-2.6-flare');
    fromMain({ type: 'settings-saved', settings: model.settings });
    fromMain({ type: 'design', style: harbour.style, documentColors: [] });
    await waitFor(() => expect((screen.getByRole('combobox', { name: 'Quality for Hero' }) as HTMLSelectElement).value).toBe('high'));
    fireEvent.click(screen.getByRole('button', { name: /^Generate/ }));
    await waitFor(() => expect(generations).toHaveLength(2));
    for (const body of generations) {
      expect(body).toMatchObject({ model: 'gpt-image-2.6-flare', quality: 'high' });
      expect(body.prompt).toContain('A harbour at dawn');
      expect(body.prompt).toContain('golden hour');
    }
  });

  it('refuses a malformed file with the reason and changes nothing', async () => {
    backend();
    const panel = within(await openLibrary({ file: [harbour], mine: [] }));
    chooseFile(panel.getByLabelText('Import into this file'), JSON.stringify({ format: 'figment-prompt-library', version: 1, prompts: [harbour, { name: 'No prompt' }] }));
    expect((await panel.findByRole('alert')).textContent).toBe('Nothing was imported. Prompt 2: it has no prompt.');
    chooseFile(panel.getByLabelText('Import into this file'), '{"not": "ours"}');
    await waitFor(() => expect(panel.getByRole('alert').textContent).toBe('This file is not a Figment prompt library.'));
    expect(sent('save-library')).toHaveLength(0);
    expect(within(panel.getByRole('list', { name: 'This file prompts' })).getAllByRole('listitem')).toHaveLength(1);
  });

  it('imports an exported file into a scope, replacing entries of the same name', async () => {
    backend();
    const panel = within(await openLibrary({ file: [], mine: [harbour] }));
    const newer = { ...harbour, prompt: 'A harbour at night' };
    chooseFile(panel.getByLabelText('Import into mine'), libraryFile([newer, { ...harbour, name: 'Icon set' }]));
    await waitFor(() => expect(sent('save-library')).toHaveLength(1));
    const save = sent('save-library')[0]!;
    expect(save.scope).toBe('mine');
    expect(save.entries.map((e) => [e.name, e.prompt])).toEqual([
      ['Harbour hero', 'A harbour at night'],
      ['Icon set', harbour.prompt],
    ]);
    expect(panel.getByRole('status').textContent).toBe('Imported 2 prompts (1 replaced one of the same name).');
  });

  it('says where each scope lives when it is empty, and the main thread refusing a save is shown', async () => {
    backend();
    const panel = within(await openLibrary({ file: [], mine: [] }));
    expect(panel.getByText(/everyone who opens it sees the ones saved here/)).toBeTruthy();
    expect(panel.getByText(/only you see these, in every file/)).toBeTruthy();
    expect(panel.getByRole('button', { name: 'Export this file' })).toHaveProperty('disabled', true);
    fromMain({ type: 'library-failed', scope: 'file', message: 'Figment could not keep the library: read-only file' });
    expect((await panel.findByRole('alert')).textContent).toMatch(/read-only file/);
  });
});
