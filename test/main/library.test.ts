/** The prompt library on the main thread: "This file" in the document (any build reads it), "Mine" in clientStorage. */
import { describe, expect, it } from 'vitest';
import type { MainToUi } from '../../contract/messages';
import { EMPTY_STYLE } from '../../core/prompt';
import type { SavedPrompt } from '../../core/library';
import { startPlugin } from './setup';

const lastOf = <T extends MainToUi['type']>(sent: MainToUi[], type: T) => sent.filter((m) => m.type === type).at(-1) as Extract<MainToUi, { type: T }> | undefined;

const entry = (name: string): SavedPrompt => ({
  name,
  prompt: `${name}: a harbour at dawn`,
  style: { ...EMPTY_STYLE, enabled: true, mood: 'calm' },
  model: 'gpt-image-2',
  quality: 'high',
  transparent: false,
  useLayerNames: false,
  useFrameText: true,
  savedAt: '2026-12-04T12:00:00.000Z',
});

describe('prompt library on the main thread', () => {
  it('is sent only when asked for, not at start-up', async () => {
    const plugin = await startPlugin();
    await plugin.receiveFromUi({ type: 'ready' });
    expect(lastOf(plugin.sentToUi, 'library')).toBeUndefined();
    await plugin.receiveFromUi({ type: 'get-library' });
    expect(lastOf(plugin.sentToUi, 'library')!.library).toEqual({ file: [], mine: [] });
  });

  it("keeps This file in the document's shared data and Mine in clientStorage, each read back by a later run", async () => {
    const storage = new Map<string, unknown>();
    const plugin = await startPlugin(storage);
    await plugin.receiveFromUi({ type: 'save-library', scope: 'file', entries: [entry('Team hero')] });
    await plugin.receiveFromUi({ type: 'save-library', scope: 'mine', entries: [entry('My icon')] });
    expect(lastOf(plugin.sentToUi, 'library')!.library).toEqual({ file: [entry('Team hero')], mine: [entry('My icon')] });
    expect(JSON.parse(plugin.root.getSharedPluginData('figment', 'library'))).toEqual([entry('Team hero')]);
    expect(JSON.parse(storage.get('figment.library') as string)).toEqual([entry('My icon')]);

    // Another user opening the file (an empty clientStorage) sees the file's prompts, not mine.
    const data = plugin.root.getSharedPluginData('figment', 'library');
    const other = await startPlugin(new Map());
    other.root.setSharedPluginData('figment', 'library', data);
    await other.receiveFromUi({ type: 'get-library' });
    expect(lastOf(other.sentToUi, 'library')!.library).toEqual({ file: [entry('Team hero')], mine: [] });
  });

  it('checks what the UI sends again: a malformed scope is kept as no prompts rather than written as it came', async () => {
    const plugin = await startPlugin();
    await plugin.receiveFromUi({ type: 'save-library', scope: 'file', entries: [{ name: 'x' } as unknown as SavedPrompt] });
    expect(plugin.root.getSharedPluginData('figment', 'library')).toBe('[]');
  });

  it("reports a save Figma refuses (past the 100 kB plugin data entry) and keeps the file's library as it was", async () => {
    const plugin = await startPlugin();
    await plugin.receiveFromUi({ type: 'save-library', scope: 'file', entries: [entry('Keep')] });
    const huge = Array.from({ length: 4 }, (_, i) => ({ ...entry(`Big ${i}`), prompt: 'x'.repeat(30_000) }));
    await plugin.receiveFromUi({ type: 'save-library', scope: 'file', entries: huge });
    expect(lastOf(plugin.sentToUi, 'library-failed')).toMatchObject({ scope: 'file', message: expect.stringMatching(/could not keep the library: .*100 kB/) });
    expect(JSON.parse(plugin.root.getSharedPluginData('figment', 'library'))).toEqual([entry('Keep')]);
  });
});
