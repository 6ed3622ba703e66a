import { describe, expect, it } from 'vitest';
import type { MainToUi } from '../../contract/messages';
import { startPlugin } from './setup';

const lastOf = <T extends MainToUi['type']>(sent: MainToUi[], type: T) => sent.filter((m) => m.type === type).at(-1) as Extract<MainToUi, { type: T }>;

describe('design context on the main thread', () => {
  it("lists a frame's visible text layers, in document order, with its target", async () => {
    const plugin = await startPlugin();
    const banner = plugin.createFrame({ name: 'Banner', width: 728, height: 90 });
    plugin.createNode('TEXT', { name: 'Headline', characters: 'SUMMER SALE' }, banner);
    const group = plugin.createNode('GROUP', { name: 'Group' }, banner);
    plugin.createNode('TEXT', { name: 'Sub', characters: '  50% off everything ' }, group);
    plugin.createNode('TEXT', { name: 'Hidden', characters: 'draft note', visible: false }, banner);
    plugin.createNode('TEXT', { name: 'Empty', characters: '   ' }, banner);
    await plugin.select([banner.id]);
    expect(lastOf(plugin.sentToUi, 'selection').selection.targets[0]!.text).toEqual(['SUMMER SALE', '50% off everything']);
  });

  it('keeps the style lock in the document, normalised, and reports the document colours', async () => {
    const plugin = await startPlugin();
    plugin.addPaintStyle('Brand/Blue', { r: 0.05, g: 0.6, b: 1 });
    await plugin.receiveFromUi({ type: 'ready' });
    expect(lastOf(plugin.sentToUi, 'design')).toEqual({
      type: 'design',
      style: { enabled: false, palette: '', lighting: '', mood: '', medium: '' },
      documentColors: ['Brand/Blue #0d99ff'],
    });
    const style = { enabled: true, palette: '#0d99ff', lighting: 'soft', mood: 'calm', medium: 'photo', extra: 'dropped' };
    await plugin.receiveFromUi({ type: 'save-style', style });
    expect(JSON.parse(plugin.root.getSharedPluginData('figment', 'style'))).toEqual({ enabled: true, palette: '#0d99ff', lighting: 'soft', mood: 'calm', medium: 'photo' });
    // Another session of the plugin on the same file reads it back.
    expect(lastOf(plugin.sentToUi, 'design').style.lighting).toBe('soft');
  });

  it('feeds the palette from colour variables too: default mode, aliases followed, repeats and other types left out', async () => {
    const plugin = await startPlugin();
    plugin.addPaintStyle('Brand/Blue', { r: 0.05, g: 0.6, b: 1 });
    const coral = plugin.addVariable('Primitives', 'coral/500', { Light: { r: 1, g: 0.5, b: 0.4, a: 1 }, Dark: { r: 0.5, g: 0.2, b: 0.1, a: 1 } });
    plugin.addVariable('Primitives', 'Brand/Blue', { Light: { r: 0.05, g: 0.6, b: 1 }, Dark: { r: 0, g: 0, b: 0 } });
    plugin.addVariable('Semantic', 'accent', { Default: { alias: coral } });
    plugin.addVariable('Semantic', 'radius', { Default: 8 });
    await plugin.receiveFromUi({ type: 'ready' });
    expect(lastOf(plugin.sentToUi, 'design').documentColors).toEqual(['Brand/Blue #0d99ff', 'coral/500 #ff8066', 'accent #ff8066']);
  });
});

describe('Quick Actions', () => {
  it('opens the UI hidden when run with a prompt, hands the prompt over after init, and closes with a notice when done', async () => {
    const { createFakeFigma, createMemoryTransport } = await import('../figma-fake');
    const { vi } = await import('vitest');
    const transport = createMemoryTransport();
    const fake = createFakeFigma({ transport });
    Object.assign(globalThis, { figma: fake.figma, __html__: '<html></html>' });
    vi.resetModules();
    await import('../../src/main');
    expect(fake.parameterInput('prompt', '  a red tram ')).toEqual(['a red tram']);
    await fake.run({ prompt: 'a red tram' });
    expect(transport.opened[0]!.options).toMatchObject({ visible: false });
    await fake.receiveFromUi({ type: 'ready' });
    expect(fake.sentToUi.map((m) => m.type).slice(-2)).toEqual(['init', 'quick-action']);
    await fake.receiveFromUi({ type: 'quick-action-done', filled: 2, failed: 1 });
    expect(fake.notifications).toEqual([{ message: 'Figment filled 2 frames; 1 failed (open Figment for details).', error: true }]);
    expect(fake.closed).toBe(true);
  });
});
