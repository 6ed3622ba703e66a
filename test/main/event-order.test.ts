/**
 * Figma's order of events: selectionchange comes asynchronously, coalesced, possibly before the plugin's window is
 * open (the designer keeps selecting while the plugin loads); the plugin neither posts to a UI that is not there
 * (figma.ui.postMessage before showUI throws) nor loses the selection.
 */
import { describe, expect, it, vi } from 'vitest';
import type { MainToUi } from '../../contract/messages';
import { createFakeFigma, createMemoryTransport } from '../figma-fake';

describe('order of events', () => {
  it('a selection change before the window opens is not posted to it, and the window still gets that selection', async () => {
    const fake = createFakeFigma({ transport: createMemoryTransport() });
    Object.assign(globalThis, { figma: fake.figma, __html__: '<html></html>' });
    vi.resetModules();
    await import('../../src/main');
    const frame = fake.createFrame({ name: 'Hero', width: 300, height: 200 });
    const errors: unknown[] = [];
    const onError = (e: unknown) => errors.push(e);
    process.on('uncaughtException', onError);
    try {
      await fake.select([frame.id]); // delivered before 'run' shows the UI
      await fake.run();
    } finally {
      process.off('uncaughtException', onError);
    }
    expect(errors).toEqual([]);
    await fake.receiveFromUi({ type: 'ready' });
    const init = fake.sentToUi.find((m): m is Extract<MainToUi, { type: 'init' }> => m.type === 'init');
    expect(init?.selection.targets.map((t) => t.name)).toEqual(['Hero']);
    // Later changes reach the open window, coalesced into one message per event.
    const other = fake.createFrame({ name: 'Card' });
    void fake.select([other.id]);
    await fake.select([frame.id, other.id]);
    expect(fake.sentToUi.filter((m) => m.type === 'selection')).toHaveLength(1);
  });
});
