// @vitest-environment happy-dom
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { App } from '../../ui/components/App';
import { PromptBox } from '../../ui/components/PromptBox';
import { TargetList } from '../../ui/components/TargetList';
import { fromMain, jsonResponse } from './fixtures';
import { watchPostsToMain } from './posts-to-main';

const selection = { targets: [], skipped: [] };

const posted = watchPostsToMain();

const sentToMain = () => posted.messages();

describe('PromptBox', () => {
  it('sends on Enter, keeps Shift+Enter as a new line', () => {
    const onSend = vi.fn();
    render(<PromptBox focused disabled={false} onSend={onSend} />);
    const box = screen.getByRole('textbox', { name: 'Prompt' }) as HTMLTextAreaElement;
    fireEvent.input(box, { target: { value: 'a red bicycle\non a beach ' } });
    const shiftEnterNotPrevented = fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(shiftEnterNotPrevented).toBe(true);
    expect(onSend).not.toHaveBeenCalled();
    const enterNotPrevented = fireEvent.keyDown(box, { key: 'Enter' });
    expect(enterNotPrevented).toBe(false);
    expect(onSend).toHaveBeenCalledExactlyOnceWith('a red bicycle\non a beach');
    expect(box.value).toBe('');
  });

  it('says Edit, and asks for the change, when the next prompt edits a frame', () => {
    const onSend = vi.fn();
    render(<PromptBox focused edits disabled={false} onSend={onSend} />);
    const box = screen.getByRole('textbox', { name: 'Prompt' }) as HTMLTextAreaElement;
    expect(box.placeholder).toMatch(/^Describe the change/);
    fireEvent.input(box, { target: { value: 'warmer light' } });
    fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    expect(onSend).toHaveBeenCalledWith('warmer light');
    expect(screen.queryByRole('button', { name: 'Generate' })).toBeNull();
  });

  it('does not send empty prompts or while disabled; the Generate button sends too', () => {
    const onSend = vi.fn();
    const { rerender } = render(<PromptBox focused disabled={true} onSend={onSend} />);
    const box = screen.getByRole('textbox', { name: 'Prompt' });
    fireEvent.input(box, { target: { value: 'sunset' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Generate' })).toHaveProperty('disabled', true);
    rerender(<PromptBox focused disabled={false} onSend={onSend} />);
    fireEvent.click(screen.getByRole('button', { name: 'Generate' }));
    expect(onSend).toHaveBeenCalledWith('sunset');
  });

  it('has no Stop of its own: the prompt bar’s Stop all says what it stops (BatchProgress)', () => {
    render(<PromptBox focused disabled={false} onSend={() => undefined} />);
    expect(screen.queryByRole('button', { name: /Stop/ })).toBeNull();
  });
});

describe('TargetList', () => {
  it('shows each target with its frame and request size, and skipped layers with their reasons', () => {
    render(
      <TargetList
        model="gpt-image-2"
        runs={[]}
        selection={{
          targets: [{ id: '1:2', name: 'Hero', nodeType: 'FRAME', width: 800, height: 450, hasImageFill: false }],
          skipped: [{ id: '1:3', name: 'Title', nodeType: 'TEXT', reason: 'Text layers colour their glyphs with fills.' }],
        }}
      />,
    );
    const targets = screen.getByRole('region', { name: 'Targets' });
    expect(targets.textContent).toContain('800 × 450 → 1600x896 medium');
    expect(screen.getByRole('list', { name: 'Skipped layers' }).textContent).toBe('Title skipped: Text layers colour their glyphs with fills.');
    // 1600x896 medium: 1113 output tokens + 2 partials x 100 = 1313 tokens at $30 per 1M.
    expect(targets.textContent).toContain('1 image · about $0.04');
    expect(screen.getByRole('status', { name: 'Next prompt' }).textContent).toBe('Next prompt generates fresh images for the selected frame.');
  });

  it('says whether the next prompt edits the focused frame or generates fresh', () => {
    const hero = { id: '1:2', name: 'Hero', nodeType: 'FRAME', width: 800, height: 450, hasImageFill: true };
    const version = { parent: null, prompt: 'p', model: 'gpt-image-2', size: '1536x1024', quality: 'medium', engine: 'images' as const, imageHash: 'h', at: 0 };
    const focus = { nodeId: '1:2', name: 'Hero', width: 800, height: 450, references: [], mask: null, thread: { schema: 1 as const, current: 2, versions: [{ ...version, id: 1 }, { ...version, id: 2, parent: 1 }] } };
    const next = () => screen.getByRole('status', { name: 'Next prompt' }).textContent;
    const { rerender } = render(<TargetList model="gpt-image-2" runs={[]} selection={{ targets: [hero], skipped: [] }} focus={focus} />);
    expect(next()).toBe('Next prompt edits “Hero” (v2 on the canvas).');
    rerender(<TargetList model="gpt-image-2" runs={[]} selection={{ targets: [hero], skipped: [] }} focus={{ ...focus, mask: { id: '1:9', name: 'Spot' } }} />);
    expect(next()).toBe('Next prompt edits “Hero” (v2 on the canvas).');
    rerender(<TargetList model="gpt-image-2" runs={[]} selection={{ targets: [hero], skipped: [] }} focus={{ ...focus, thread: { ...focus.thread, current: 0, versions: [] } }} />);
    expect(next()).toBe('Next prompt edits “Hero”.');
    rerender(<TargetList model="gpt-image-2" runs={[]} selection={{ targets: [hero, { ...hero, id: '1:3' }], skipped: [] }} focus={null} />);
    expect(next()).toBe('Next prompt generates fresh images for 2 frames.');
    rerender(<TargetList model="gpt-image-2" runs={[]} selection={selection} />);
    expect(next()).toBe('Next prompt generates a new frame.');
  });
});

describe('App: settings and health', () => {
  it('will not save a backend URL that is not http(s)', async () => {
    vi.stubGlobal('fetch', async () => jsonResponse(200, { status: 'ok', version: '1', provider: 'openai', defaultModel: 'gpt-image-2' }));
    render(<App />);
    fromMain({ type: 'init', settings: { backendUrl: 'http://127.0.0.1:8787', accessToken: '' }, selection });
    fireEvent.input(await screen.findByLabelText('Backend URL'), { target: { value: 'figment.local' } });
    expect(screen.getByRole('button', { name: 'Save' })).toHaveProperty('disabled', true);
    fireEvent.keyDown(screen.getByLabelText('Backend URL'), { key: 'Enter' });
    expect(sentToMain().map((m) => m.type)).toEqual(['ready']);
    expect(screen.getByText('Enter the backend address, starting with http:// or https://.')).toBeTruthy();
  });

  it('first run: explains what to connect to, no pre-filled URL, checks before saving through the bridge', async () => {
    const fetchMock = vi.fn(async (_url: string) => jsonResponse(200, { status: 'ok', version: '1', provider: 'openai', defaultModel: 'gpt-image-2' }));
    vi.stubGlobal('fetch', fetchMock);
    render(<App />);
    expect(sentToMain()).toEqual([{ type: 'ready' }]);
    fromMain({ type: 'init', settings: { backendUrl: 'http://127.0.0.1:8787', accessToken: '' }, selection });
    await screen.findByRole('heading', { name: "Connect to your team's Figment server" });
    expect(screen.getByText(/draws free placeholder images/)).toBeTruthy();
    // No Engine control and no Settings button before there is a connection; Recent says why it waits.
    expect(screen.queryByRole('combobox', { name: 'Engine' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Settings' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Recent' }).getAttribute('aria-disabled')).toBe('true');
    const url = (await screen.findByLabelText('Backend URL')) as HTMLInputElement;
    expect(url.value).toBe('');
    expect(url.placeholder).toBe('http://127.0.0.1:8787');
    expect(screen.getByRole('button', { name: 'Save' })).toHaveProperty('disabled', true);
    fireEvent.input(url, { target: { value: 'http://localhost:9000/' } });
    fireEvent.input(screen.getByLabelText('Access token'), { target: { value: '  secret-token ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(sentToMain().at(-1)).toEqual({
        type: 'save-settings',
        settings: { backendUrl: 'http://localhost:9000', accessToken: 'secret-token' },
      }),
    );
    // Checked first: the address answers /v1/health, the token /v1/config.
    expect(fetchMock.mock.calls.map((c) => c[0])).toEqual(['http://localhost:9000/v1/health', 'http://localhost:9000/v1/config']);
    expect(posted.calls().at(-1)![1]).toBe('*');
    // Enter in a field saves too; neither path relies on form submission (blocked in a sandbox without allow-forms).
    expect(screen.queryByRole('form')).toBeNull();
    fireEvent.keyDown(screen.getByLabelText('Access token'), { key: 'Enter' });
    await waitFor(() => expect(sentToMain().filter((m) => m.type === 'save-settings')).toHaveLength(2));
    await screen.findByText('Not connected');
    fetchMock.mockClear();
    fromMain({ type: 'settings-saved', settings: { backendUrl: 'https://figment.example.com', accessToken: 'secret-token' } });
    await waitFor(() => expect(screen.queryByLabelText('Backend URL')).toBeNull());
    await screen.findByText('Connected · gpt-image-2');
    expect(fetchMock.mock.calls.map((c) => c[0]).filter((u) => !String(u).endsWith('/v1/config'))).toEqual(['https://figment.example.com/v1/health']);
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    expect((screen.getByLabelText('Backend URL') as HTMLInputElement).value).toBe('https://figment.example.com');
    expect((screen.getByLabelText('Access token') as HTMLInputElement).value).toBe('secret-token');
    expect(screen.getByRole('combobox', { name: 'Engine' })).toBeTruthy();
  });

  it('keeps Settings open with the problem beside the token when the backend refuses it', async () => {
    vi.stubGlobal('fetch', async (url: string) =>
      url.endsWith('/v1/health')
        ? jsonResponse(200, { status: 'ok', version: '1', provider: 'demo', defaultModel: 'gpt-image-2' })
        : jsonResponse(401, { error: { message: 'Invalid access token.', type: 'invalid_request_error', param: null, code: 'invalid_access_token' } }),
    );
    render(<App />);
    fromMain({ type: 'init', settings: { backendUrl: 'http://127.0.0.1:8787', accessToken: '' }, selection });
    fireEvent.input(await screen.findByLabelText('Backend URL'), { target: { value: 'http://localhost:8787' } });
    fireEvent.input(screen.getByLabelText('Access token'), { target: { value: 'wrong-token-0123456789' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const alert = await screen.findByText(/refused this access token/);
    expect(screen.getByLabelText('Access token').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Access token').getAttribute('aria-describedby')).toBe(alert.id);
    expect(sentToMain().filter((m) => m.type === 'save-settings')).toEqual([]);
    expect(screen.getByLabelText('Backend URL')).toBeTruthy();
  });

  it('shows demo mode after /v1/health says so', async () => {
    const fetchMock = vi.fn(async (_url: string) => jsonResponse(200, { status: 'ok', version: '1', provider: 'demo', defaultModel: 'gpt-image-2' }));
    vi.stubGlobal('fetch', fetchMock);
    render(<App />);
    fromMain({ type: 'init', settings: { backendUrl: 'http://10.0.0.5:9000', accessToken: 't' }, selection });
    await screen.findByText('Demo mode: free placeholder images');
    expect(fetchMock.mock.calls[0]![0]).toBe('http://10.0.0.5:9000/v1/health');
  });

  it('shows why the backend is unreachable and disables Generate', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    render(<App />);
    fromMain({ type: 'init', settings: { backendUrl: 'http://127.0.0.1:9', accessToken: 't' }, selection });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Backend unreachableReconnect');
    expect(within(alert).getByRole('button', { name: 'Reconnect' })).toBeTruthy();
    await screen.findByText('Backend unreachable: http://127.0.0.1:9 did not answer. Is it running, and is the URL in Settings right? Figment checks again on its own.');
    fireEvent.input(screen.getByRole('textbox', { name: 'Prompt' }), { target: { value: 'x' } });
    expect(screen.getByRole('button', { name: 'Generate' })).toHaveProperty('disabled', true);
  });
});
