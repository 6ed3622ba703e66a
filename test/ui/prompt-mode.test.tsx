// @vitest-environment happy-dom
/**
 * Issue 19 items 4 and 8 in the panel: on a filled frame the prompt edits its image or makes a new one (a radio
 * group), the version strip regenerates, the region's mask is a chip (never a target) with Remove and "Hide the
 * mask shape after", and the send button shows the variations count, which goes back to 1 once a run starts.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { JOB_ID_HEADER, type GenerateImageRequest } from '../../contract/api';
import type { Focus, Target, UiToMain } from '../../contract/messages';
import { parseSize } from '../../core/sizing';
import { THREAD_SCHEMA } from '../../core/thread';
import { App } from '../../ui/components/App';
import { completedEvent, fromMain, jsonResponse, pngBytes, sse } from './fixtures';
import { watchPostsToMain } from './posts-to-main';

const settings = { backendUrl: 'http://127.0.0.1:8787', accessToken: 'tok-abc' };
const hero: Target = { id: '1:2', name: 'Hero', nodeType: 'FRAME', width: 600, height: 400, hasImageFill: true };
const door: Target = { id: '1:3', name: 'Door', nodeType: 'RECTANGLE', width: 60, height: 90, hasImageFill: false };
const version = (id: number, prompt: string, parent: number | null) => ({ id, parent, prompt, model: 'gpt-image-2', size: '1536x1024', quality: 'medium', engine: 'images' as const, imageHash: `hash${id}`, at: id });
const focus = (over: Partial<Focus> = {}): Focus => ({
  nodeId: hero.id, name: 'Hero', width: 600, height: 400, references: [], mask: null,
  thread: { schema: THREAD_SCHEMA, versions: [version(1, 'a lighthouse at dusk', null), version(2, 'warmer light', 1)], current: 2 },
  ...over,
});

/** A backend behind fetch: every generation and edit answers at once with one final PNG at the requested size. */
function fakeBackend() {
  const requests: Array<{ path: string; body: GenerateImageRequest | FormData }> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const path = new URL(url).pathname;
      if (path === '/v1/health') return jsonResponse(200, { status: 'ok', version: '1', provider: 'openai', defaultModel: 'gpt-image-2' });
      if (path !== '/v1/images/generations' && path !== '/v1/images/edits') return jsonResponse(404, { error: { code: 'not_found', message: 'no' } });
      const body = init.body instanceof FormData ? init.body : (JSON.parse(init.body as string) as GenerateImageRequest);
      requests.push({ path, body });
      const size = body instanceof FormData ? String(body.get('size')) : body.size!;
      const { width, height } = parseSize(size)!;
      const text = sse(completedEvent(pngBytes(width, height, requests.length), size));
      return new Response(text, { status: 200, headers: { 'content-type': 'text/event-stream', [JOB_ID_HEADER]: `job-${requests.length}` } });
    }),
  );
  return requests;
}

const posted = watchPostsToMain();
const sent = <T extends UiToMain['type']>(type: T) => posted.messages().filter((m): m is Extract<UiToMain, { type: T }> => m.type === type);

async function start(f: Focus, targets: Target[] = [hero]) {
  const requests = fakeBackend();
  render(<App />);
  fromMain({ type: 'init', settings, selection: { targets, skipped: [] } });
  fromMain({ type: 'focus', focus: f });
  await screen.findByText(/Connected/);
  return requests;
}

function type(prompt: string) {
  fireEvent.input(screen.getByRole('textbox', { name: 'Prompt' }), { target: { value: prompt } });
}

describe('Edit this image / New image', () => {
  it('edits by default; New image sends a generation for the frame alone, which lands on it', async () => {
    const requests = await start(focus());
    const group = screen.getByRole('radiogroup', { name: 'What the prompt does' });
    expect((within(group).getByRole('radio', { name: 'Edit this image' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('button', { name: 'Edit' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(within(group).getByRole('radio', { name: 'New image' }));
    type('a lighthouse in a storm');
    fireEvent.click(screen.getByRole('button', { name: 'Generate' }));
    await waitFor(() => expect(sent('apply-image')).toHaveLength(1));
    expect(requests.map((r) => r.path)).toEqual(['/v1/images/generations']);
    expect((requests[0]!.body as GenerateImageRequest).prompt).toContain('a lighthouse in a storm');
    expect(sent('get-edit-input')).toEqual([]);
    expect(sent('apply-image')[0]).toMatchObject({ nodeId: hero.id, prompt: 'a lighthouse in a storm' });
  });

  it('with Edit this image the same prompt reads the frame and goes to the edits route', async () => {
    await start(focus());
    type('warmer');
    fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    await waitFor(() => expect(sent('get-edit-input')).toHaveLength(1));
    expect(sent('get-edit-input')[0]).toMatchObject({ nodeId: hero.id });
  });
});

describe('Regenerate on the version strip', () => {
  it("sends the current version's prompt again as a new generation for the frame", async () => {
    const requests = await start(focus());
    fireEvent.click(within(screen.getByRole('region', { name: 'Thread' })).getByRole('button', { name: 'Regenerate' }));
    await waitFor(() => expect(sent('apply-image')).toHaveLength(1));
    expect(requests.map((r) => r.path)).toEqual(['/v1/images/generations']);
    expect((requests[0]!.body as GenerateImageRequest).prompt).toContain('warmer light');
    expect(sent('apply-image')[0]).toMatchObject({ nodeId: hero.id, prompt: 'warmer light' });
  });
});

describe('the region mask', () => {
  it('shows as a chip, not as a target with a quality menu; Remove deselects the shape', async () => {
    await start(focus({ mask: { id: door.id, name: 'Door' } }), [hero, door]);
    expect(screen.getByText('Mask: Door')).toBeTruthy();
    expect(screen.queryByRole('combobox', { name: 'Quality for Door' })).toBeNull();
    expect(screen.getByRole('combobox', { name: 'Quality for Hero' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Remove mask Door' }));
    expect(sent('deselect-node')).toEqual([{ type: 'deselect-node', nodeId: door.id }]);
  });

  it('"Hide the mask shape after" asks the main thread to hide the shape with the edited image', async () => {
    const requests = await start(focus({ mask: { id: door.id, name: 'Door' } }), [hero, door]);
    const hide = screen.getByRole('checkbox', { name: 'Hide the mask shape after' });
    expect((hide as HTMLInputElement).checked).toBe(false);
    fireEvent.click(hide);
    expect((hide as HTMLInputElement).checked).toBe(true);
    type('a red door');
    fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    await waitFor(() => expect(sent('get-edit-input')).toHaveLength(1));
    const ask = sent('get-edit-input')[0]!;
    expect(ask.maskId).toBe(door.id);
    fromMain({ type: 'edit-input', requestId: ask.requestId, input: { image: { bytes: pngBytes(600, 400, 3), width: 600, height: 400 }, references: [], mask: null } });
    await waitFor(() => expect(sent('apply-image')).toHaveLength(1));
    expect(requests.map((r) => r.path)).toEqual(['/v1/images/edits']);
    expect(sent('apply-image')[0]).toMatchObject({ nodeId: hero.id, hideNodeId: door.id });
  });
});

describe('the variations count', () => {
  it('shows on the send button, prices the estimate, and goes back to 1 once the run starts', async () => {
    await start(focus(), [hero]);
    fireEvent.click(screen.getByRole('radio', { name: 'New image' }));
    const summary = () => screen.getByRole('button', { expanded: true, name: /Hero|frame/ }).textContent!;
    const one = summary();
    fireEvent.change(screen.getByRole('combobox', { name: 'Variations' }), { target: { value: '3' } });
    type('a lighthouse in fog');
    expect((screen.getByRole('button', { name: 'Generate 3' }) as HTMLButtonElement).disabled).toBe(false);
    expect(summary()).not.toBe(one);
    fireEvent.click(screen.getByRole('button', { name: 'Generate 3' }));
    await waitFor(() => expect((screen.getByRole('combobox', { name: 'Variations' }) as HTMLSelectElement).value).toBe('1'));
    type('again');
    expect((screen.getByRole('button', { name: 'Generate' }) as HTMLButtonElement).disabled).toBe(false);
    // The estimate is one image's again; the line also counts the run still working (issue 19 item 2).
    expect(summary().replace(/ · \d+ running$/, '')).toBe(one);
  });
});
