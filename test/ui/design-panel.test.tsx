// @vitest-environment happy-dom
/** The prompt options panel: the style lock from the document, editing and switching it off, and the starting points. */
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { StyleLock } from '../../core/prompt';
import { App } from '../../ui/components/App';
import { DesignPanel } from '../../ui/components/DesignPanel';
import { useEffect } from 'preact/hooks';
import { onMainMessage } from '../../ui/bridge';
import { useDesignState } from '../../ui/state/design-state';
import { fromMain, jsonResponse } from './fixtures';
import { watchPostsToMain } from './posts-to-main';

const posted = watchPostsToMain();

const savedStyles = () =>
  posted.messages().flatMap((m) => (m.type === 'save-style' ? [m.style] : []));

const lock: StyleLock = { enabled: true, palette: 'teal and coral', lighting: 'soft morning light', mood: '', medium: 'gouache' };

/** The lock as the main thread sends it, shown in the summary and in the fields (the draft follows a render later). */
async function lockArrives(documentColors: string[] = []) {
  fromMain({ type: 'design', style: lock, documentColors });
  // One line says what the lock adds; it opens to the fields.
  const summary = await screen.findByRole('button', { name: 'Style lock: on: teal and coral · soft morning light · gouache' });
  if (summary.getAttribute('aria-expanded') !== 'true') fireEvent.click(summary);
  await waitFor(() => expect((screen.getByRole('textbox', { name: 'Palette' }) as HTMLInputElement).value).toBe(lock.palette));
}

/** The panel on the real design state, which hears the main thread (as App dispatches to it) and saves through the bridge. */
function Panel({ onScaffold = () => undefined }: { onScaffold?(text: string): void }) {
  const d = useDesignState();
  useEffect(() => onMainMessage((m) => m.type === 'design' && d.handlers.design(m)));
  return <DesignPanel d={d} model="gpt-image-2" onScaffold={onScaffold} />;
}

describe('DesignPanel', () => {
  it('shows the document’s style lock and the line it adds to every prompt', async () => {
    render(<Panel />);
    expect(screen.getByRole('button', { name: 'Style lock: off' }).getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('textbox', { name: 'Palette' })).toBeNull();
    await lockArrives();
    expect(screen.getByText('Added to every prompt: Style for every image in this set: colour palette teal and coral; lighting: soft morning light; medium: gouache.')).toBeTruthy();
    expect((screen.getByRole('textbox', { name: 'Lighting' }) as HTMLInputElement).value).toBe('soft morning light');
    expect((screen.getByRole('checkbox', { name: 'Apply style lock to every prompt' }) as HTMLInputElement).checked).toBe(true);
  });

  it('edits the lock (with the document’s colours) and saves it to the document', async () => {
    render(<Panel />);
    await lockArrives(['#112233', '#FFAA00']);
    fireEvent.input(screen.getByRole('textbox', { name: 'Mood' }), { target: { value: 'hopeful' } });
    // Not saved while typing.
    expect(savedStyles()).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Use document colours' }));
    expect((screen.getByRole('textbox', { name: 'Palette' }) as HTMLInputElement).value).toBe('#112233, #FFAA00');
    fireEvent.click(screen.getByRole('button', { name: 'Save style' }));
    expect(savedStyles()).toEqual([{ ...lock, palette: '#112233, #FFAA00', mood: 'hopeful' }]);
    await screen.findByText(/Added to every prompt: .*mood: hopeful/);
  });

  it('switches the lock off: saved at once, and nothing is added to prompts any more', async () => {
    render(<Panel />);
    await lockArrives();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Apply style lock to every prompt' }));
    expect(savedStyles()).toEqual([{ ...lock, enabled: false }]);
    await screen.findByRole('button', { name: 'Style lock: off' });
    expect(screen.queryByText(/Added to every prompt/)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Use document colours' })).toBeNull();
  });

  it('toggles prompting from layer names and from the frame’s text', () => {
    render(<Panel />);
    const names = screen.getByRole('checkbox', { name: 'Prompt from layer names' }) as HTMLInputElement;
    const text = screen.getByRole('checkbox', { name: "Use this frame's text" }) as HTMLInputElement;
    expect([names.checked, text.checked]).toEqual([false, false]);
    fireEvent.click(names);
    expect([names.checked, text.checked]).toEqual([true, false]);
    fireEvent.click(text);
    fireEvent.click(names);
    expect([names.checked, text.checked]).toEqual([false, true]);
  });

  it('puts a starting point into the prompt box at the cursor, its first blank selected, Tab to the next', async () => {
    vi.stubGlobal('fetch', async () => jsonResponse(200, { status: 'ok', version: '1', provider: 'openai', defaultModel: 'gpt-image-2' }));
    render(<App />);
    fromMain({ type: 'init', settings: { backendUrl: 'http://127.0.0.1:8787', accessToken: 't' }, selection: { targets: [], skipped: [] } });
    await screen.findByText(/Connected/);
    // The prompt options sit behind one button beside the prompt.
    expect(screen.queryByRole('combobox', { name: 'Starting point' })).toBeNull();
    const options = screen.getByRole('button', { name: 'Prompt options' });
    fireEvent.click(options);
    expect(options.getAttribute('aria-expanded')).toBe('true');
    const start = screen.getByRole('combobox', { name: 'Starting point' }) as HTMLSelectElement;
    expect([...start.options].map((o) => o.textContent)).toContain('Hero image');
    const prompt = screen.getByRole('textbox', { name: 'Prompt' }) as HTMLTextAreaElement;
    // What was typed stays; the starting point goes in at the cursor.
    fireEvent.input(prompt, { target: { value: 'Moody. Warm tones' } });
    prompt.setSelectionRange(6, 6);
    fireEvent.change(start, { target: { value: 'hero' } });
    const hero = 'A wide hero photograph of [subject] in [setting], plenty of quiet space on the [left/right] for a headline.';
    await vi.waitFor(() => expect(prompt.value).toBe(`Moody. ${hero} Warm tones`));
    expect(document.activeElement).toBe(prompt);
    expect(start.value).toBe('');
    const selected = () => prompt.value.slice(prompt.selectionStart, prompt.selectionEnd);
    expect(selected()).toBe('[subject]');
    fireEvent.keyDown(prompt, { key: 'Tab' });
    expect(selected()).toBe('[setting]');
    fireEvent.keyDown(prompt, { key: 'Tab' });
    expect(selected()).toBe('[left/right]');
    // With no blank left, Tab is left to the browser (the focus moves on).
    expect(fireEvent.keyDown(prompt, { key: 'Tab' })).toBe(true);
  });

  it('the icon starting point asks for a transparent background; a model without them greys the choice out', () => {
    const { unmount } = render(<Panel />);
    const transparent = screen.getByRole('checkbox', { name: 'Transparent background' }) as HTMLInputElement;
    expect([transparent.checked, transparent.disabled]).toEqual([false, false]);
    fireEvent.change(screen.getByRole('combobox', { name: 'Starting point' }), { target: { value: 'hero' } });
    expect(transparent.checked).toBe(false);
    fireEvent.change(screen.getByRole('combobox', { name: 'Starting point' }), { target: { value: 'icon' } });
    expect(transparent.checked).toBe(true);
    fireEvent.click(transparent);
    expect(transparent.checked).toBe(false);
    unmount();

    function Opaque() {
      const d = useDesignState();
      return <DesignPanel d={d} model="dall-e-3" onScaffold={() => d.setTransparent(true)} />;
    }
    render(<Opaque />);
    const off = screen.getByRole('checkbox', { name: 'Transparent background' }) as HTMLInputElement;
    expect([off.checked, off.disabled]).toEqual([false, true]);
  });
});
