/**
 * Issue 19, main thread: the notice after an image lands (Undo when the frame is selected, Open thread when the
 * selection moved on), hiding the region's mask shape in the same undo step as the fill, and the mask chip's
 * remove button taking the shape out of the selection.
 */
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import type { MainToUi } from '../../contract/messages';
import { readThread } from '../../core/thread';
import { fillsOf, type FakeNode } from '../figma-fake';
import { startPlugin } from './setup';

const png = (seed: number) => {
  const p = new PNG({ width: 96, height: 64 });
  p.data.fill(seed);
  return new Uint8Array(PNG.sync.write(p));
};
const meta = { model: 'gpt-image-2', size: '1536x1024', quality: 'medium', engine: 'images' } as const;
type Plugin = Awaited<ReturnType<typeof startPlugin>>;
const selectedIds = (plugin: Plugin) => (plugin.page as unknown as { selection: FakeNode[] }).selection.map((n) => n.id);
const hashOf = (node: FakeNode) => fillsOf(node).find((p) => p.type === 'IMAGE')?.imageHash;
const focusOf = (plugin: Plugin) => (plugin.sentToUi.filter((m) => m.type === 'focus').at(-1) as Extract<MainToUi, { type: 'focus' }>).focus;
const apply = (plugin: Plugin, node: FakeNode, seed: number, prompt: string, hideNodeId?: string) =>
  plugin.receiveFromUi({ type: 'apply-image', requestId: prompt, nodeId: node.id, bytes: png(seed), width: 96, height: 64, prompt, version: meta, ...(hideNodeId ? { hideNodeId } : {}) });

/** "Hero" filled once (v1), with a rectangle drawn over it, both selected: a region edit's selection. */
async function heroWithMask() {
  const plugin = await startPlugin();
  const hero = plugin.createFrame({ name: 'Hero', width: 300, height: 200 });
  const mask = plugin.createNode('RECTANGLE', { name: 'Door', width: 40, height: 60, x: 20, y: 20 });
  await plugin.select([hero.id]);
  await apply(plugin, hero, 1, 'a lighthouse');
  await plugin.select([hero.id, mask.id]);
  return { plugin, hero, mask };
}

describe('after an image lands', () => {
  it('hides the mask shape in the same undo step as the fill: one Undo brings back both, and the version', async () => {
    const { plugin, hero, mask } = await heroWithMask();
    const v1 = hashOf(hero);
    const commits = plugin.undoCommits;
    await apply(plugin, hero, 2, 'a red door', mask.id);
    expect(mask.visible).toBe(false);
    expect(hashOf(hero)).not.toBe(v1);
    expect(plugin.undoCommits).toBe(commits + 1);
    expect(readThread(hero.getSharedPluginData('figment', 'thread')).current).toBe(2);
    expect(plugin.shownWithButtons()).toEqual([{ message: 'Placed on “Hero”.', button: 'Undo' }]);
    plugin.pressNotificationButton('Undo');
    expect(plugin.undoTriggers).toBe(1);
    expect(mask.visible).toBe(true);
    expect(hashOf(hero)).toBe(v1);
    expect(readThread(hero.getSharedPluginData('figment', 'thread')).current).toBe(1);
    // The window hears of the thread as it is again.
    expect(focusOf(plugin)).toMatchObject({ nodeId: hero.id, thread: { current: 1 } });
    expect(plugin.shownWithButtons()).toEqual([]);
  });

  it('leaves the mask shape alone unless asked', async () => {
    const { plugin, hero, mask } = await heroWithMask();
    await apply(plugin, hero, 2, 'a red door');
    expect(mask.visible).toBe(true);
  });

  it('offers Open thread when the selection moved on during the wait; it selects the frame again', async () => {
    const { plugin, hero } = await heroWithMask();
    const other = plugin.createFrame({ name: 'Card', width: 100, height: 100, x: 600 });
    await plugin.select([other.id]);
    await apply(plugin, hero, 3, 'at night');
    expect(plugin.shownWithButtons()).toEqual([{ message: 'Placed on “Hero”.', button: 'Open thread' }]);
    plugin.pressNotificationButton('Open thread');
    await plugin.settled();
    expect(selectedIds(plugin)).toEqual([hero.id]);
    expect(focusOf(plugin)).toMatchObject({ nodeId: hero.id, thread: { current: 2 } });
    expect(plugin.undoTriggers).toBe(0);
  });

  it('keeps one such notice at a time: the newest image replaces the last one', async () => {
    const { plugin, hero } = await heroWithMask();
    await apply(plugin, hero, 4, 'b');
    await apply(plugin, hero, 5, 'c');
    expect(plugin.shownWithButtons()).toEqual([{ message: 'Placed on “Hero”.', button: 'Undo' }]);
    expect(plugin.notifications.filter((n) => n.button === 'Undo')).toHaveLength(3);
  });
});

describe('the mask chip', () => {
  it('Remove takes the shape out of the selection; the focus no longer has a region', async () => {
    const { plugin, hero, mask } = await heroWithMask();
    expect(focusOf(plugin)!.mask).toEqual({ id: mask.id, name: 'Door' });
    await plugin.receiveFromUi({ type: 'deselect-node', nodeId: mask.id });
    await plugin.settled();
    expect(selectedIds(plugin)).toEqual([hero.id]);
    expect(focusOf(plugin)).toMatchObject({ nodeId: hero.id, mask: null });
  });
});
