/** Issue 5, main thread: the window resizes within bounds, remembers its size, and opens at it on the next run. */
import { describe, expect, it, vi } from 'vitest';
import { WINDOW_KEY } from '../../core/window-size';
import { createFakeFigma, createMemoryTransport } from '../figma-fake';
import { startPlugin } from './setup';

describe('the plugin window', () => {
  it('opens at 380 x 620 the first time', async () => {
    const plugin = await startPlugin();
    expect(plugin.transport.opened).toHaveLength(1);
    expect(plugin.transport.opened[0]!.options).toMatchObject({ width: 380, height: 620, visible: true });
  });

  it('resizes to what the UI asks, kept within 300..1200 x 400..1200 in whole pixels, and remembers it', async () => {
    const storage = new Map<string, unknown>();
    const plugin = await startPlugin(storage);
    await plugin.receiveFromUi({ type: 'resize-window', width: 512, height: 700, persist: true });
    expect(plugin.windowSizes.at(-1)).toEqual({ width: 512, height: 700 });
    expect(storage.get(WINDOW_KEY)).toEqual({ width: 512, height: 700 });

    await plugin.receiveFromUi({ type: 'resize-window', width: 5000, height: 12, persist: true });
    expect(plugin.windowSizes.at(-1)).toEqual({ width: 1200, height: 400 });
    await plugin.receiveFromUi({ type: 'resize-window', width: -40, height: 99_999, persist: true });
    expect(plugin.windowSizes.at(-1)).toEqual({ width: 300, height: 1200 });
    await plugin.receiveFromUi({ type: 'resize-window', width: 433.6, height: Number.NaN, persist: true });
    expect(plugin.windowSizes.at(-1)).toEqual({ width: 434, height: 620 });
    expect(storage.get(WINDOW_KEY)).toEqual({ width: 434, height: 620 });
  });

  it('resizes during a drag without writing clientStorage each time; the end of the drag is remembered', async () => {
    const storage = new Map<string, unknown>();
    const plugin = await startPlugin(storage);
    await plugin.receiveFromUi({ type: 'resize-window', width: 420, height: 640, persist: false });
    await plugin.receiveFromUi({ type: 'resize-window', width: 460, height: 660, persist: false });
    expect(plugin.windowSizes.at(-1)).toEqual({ width: 460, height: 660 });
    expect(storage.has(WINDOW_KEY)).toBe(false);
    await plugin.receiveFromUi({ type: 'resize-window', width: 460, height: 660, persist: true });
    expect(storage.get(WINDOW_KEY)).toEqual({ width: 460, height: 660 });
  });

  it('opens at the remembered size on the next run', async () => {
    const storage = new Map<string, unknown>();
    const first = await startPlugin(storage);
    await first.receiveFromUi({ type: 'resize-window', width: 640, height: 880, persist: true });
    const second = await startPlugin(storage);
    expect(second.transport.opened[0]!.options).toMatchObject({ width: 640, height: 880, themeColors: true, visible: true });
  });

  it('opens at a sane size whatever clientStorage holds', async () => {
    const huge = await startPlugin(new Map([[WINDOW_KEY, { width: 9000, height: 100 }]]));
    expect(huge.transport.opened[0]!.options).toMatchObject({ width: 1200, height: 400 });
    const garbage = await startPlugin(new Map<string, unknown>([[WINDOW_KEY, 'wide']]));
    expect(garbage.transport.opened[0]!.options).toMatchObject({ width: 380, height: 620 });
  });

  it('a quick action still runs hidden (at the remembered size)', async () => {
    const transport = createMemoryTransport();
    const fake = createFakeFigma({ transport, clientStorage: new Map([[WINDOW_KEY, { width: 700, height: 900 }]]) });
    Object.assign(globalThis, { figma: fake.figma, __html__: '<html></html>' });
    vi.resetModules();
    await import('../../src/main');
    expect(transport.opened).toEqual([]);
    await fake.run({ prompt: 'a red tram' });
    expect(transport.opened[0]!.options).toMatchObject({ width: 700, height: 900, visible: false });
  });
});
