/**
 * Issue 15 part 2 and render partials, main thread: preset sizes become new empty frames beside the master, clear of
 * it and of each other, selected with the master in one undo step; an adapted image's version records the master and
 * the master's version; a render's partials preview in the new frame beside its source, which the final image then
 * fills (one frame), and which goes when the run ends without one.
 */
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import type { MainToUi } from '../../contract/messages';
import { closerThan } from '../../core/adapt-geometry';
import { readThread } from '../../core/thread';
import { fillsOf } from '../figma-fake';
import { startPlugin } from './setup';

type Plugin = Awaited<ReturnType<typeof startPlugin>>;
const lastOf = <T extends MainToUi['type']>(plugin: Plugin, type: T) => plugin.sentToUi.filter((m): m is Extract<MainToUi, { type: T }> => m.type === type).at(-1);
const png = (w: number, h: number) => new Uint8Array(PNG.sync.write(new PNG({ width: w, height: h })));
const version = { model: 'gpt-image-2', size: '1024x1024', quality: 'medium', engine: 'images' as const };
const selectionIds = (plugin: Plugin) => (plugin.page as unknown as { selection: Array<{ id: string }> }).selection.map((n) => n.id);

describe('adapt to sizes on the main thread', () => {
  it('preset sizes become empty frames beside the master, clear of everything, selected with it, one undo step', async () => {
    const plugin = await startPlugin();
    const master = plugin.createFrame({ name: 'Hero', x: 0, y: 0, width: 600, height: 400 });
    const neighbour = plugin.createFrame({ name: 'Other', x: 640, y: 0, width: 100, height: 100 });
    const undo = plugin.undoCommits;
    const frames = [
      { name: 'Hero / Story 1080×1920', width: 1080, height: 1920 },
      { name: 'Hero / Leaderboard 728×90', width: 728, height: 90 },
    ];
    await plugin.receiveFromUi({ type: 'create-adapt-frames', masterId: master.id, frames });
    const selected = selectionIds(plugin);
    expect(selected[0]).toBe(master.id);
    const made = selected.slice(1).map((id) => plugin.node(id)!);
    expect(made.map((n) => [n.name, n.width, n.height, n.y, fillsOf(n).filter((f) => f.type === 'IMAGE').length])).toEqual([
      ['Hero / Story 1080×1920', 1080, 1920, 0, 0],
      ['Hero / Leaderboard 728×90', 728, 90, 0, 0],
    ]);
    const boxes = [master, neighbour, ...made].map((n) => ({ x: n.x, y: n.y, width: n.width, height: n.height }));
    for (const [i, a] of boxes.entries()) for (const b of boxes.slice(i + 1)) expect(closerThan(a, b, 40)).toBe(false);
    expect(made[0]!.x).toBe(neighbour.x + neighbour.width + 40);
    expect(plugin.undoCommits).toBe(undo + 1);
  });

  it('an adapted image records its master and the master\'s current version', async () => {
    const plugin = await startPlugin();
    const master = plugin.createFrame({ name: 'Hero', x: 0, y: 0, width: 600, height: 400 });
    const target = plugin.createFrame({ name: 'Story', x: 700, y: 0, width: 200, height: 400 });
    // The master has a thread of two versions (made by Figment), the second current.
    for (const id of ['m1', 'm2']) await plugin.receiveFromUi({ type: 'apply-image', requestId: id, nodeId: master.id, bytes: png(96, 64), width: 96, height: 64, prompt: 'hero', version });
    await plugin.receiveFromUi({ type: 'apply-image', requestId: 'a', nodeId: target.id, bytes: png(64, 128), width: 64, height: 128, prompt: 'a beach', version: { ...version, adaptedFrom: { nodeId: master.id, words: 'a beach' } } });
    expect(readThread(target.getSharedPluginData('figment', 'thread')).versions).toMatchObject([{ id: 1, prompt: 'a beach', adaptedFrom: { nodeId: master.id, version: 2, words: 'a beach' } }]);
    // A master with no thread (a pasted photo): its version is null.
    const photo = plugin.createFrame({ name: 'Photo', x: 0, y: 600, width: 300, height: 200 });
    await plugin.receiveFromUi({ type: 'apply-image', requestId: 'b', nodeId: target.id, bytes: png(64, 128), width: 64, height: 128, prompt: 'again', version: { ...version, adaptedFrom: { nodeId: photo.id } } });
    expect(readThread(target.getSharedPluginData('figment', 'thread')).versions.at(-1)).toMatchObject({ adaptedFrom: { nodeId: photo.id, version: null } });
  });

  it('a focused master lists the frames adapted from it, with the master version each was adapted from (for Re-adapt)', async () => {
    const plugin = await startPlugin();
    const master = plugin.createFrame({ name: 'Hero', x: 0, y: 0, width: 600, height: 400 });
    const story = plugin.createFrame({ name: 'Story', x: 700, y: 0, width: 200, height: 400 });
    const square = plugin.createFrame({ name: 'Square', x: 960, y: 0, width: 300, height: 300 });
    plugin.createFrame({ name: 'Unrelated', x: 0, y: 500, width: 300, height: 300 });
    await plugin.receiveFromUi({ type: 'apply-image', requestId: 'm1', nodeId: master.id, bytes: png(96, 64), width: 96, height: 64, prompt: 'hero', version });
    for (const [i, t] of [story, square].entries()) await plugin.receiveFromUi({ type: 'apply-image', requestId: `a${i}`, nodeId: t.id, bytes: png(64, 64), width: 64, height: 64, prompt: 'beach', version: { ...version, adaptedFrom: { nodeId: master.id, ...(i === 0 ? { words: 'at dusk' } : {}) } } });
    await plugin.receiveFromUi({ type: 'apply-image', requestId: 'm2', nodeId: master.id, bytes: png(96, 64), width: 96, height: 64, prompt: 'hero, warmer', version });
    await plugin.select([master.id]);
    await new Promise((r) => setTimeout(r, 0));
    const focus = lastOf(plugin, 'focus')!.focus!;
    expect(focus.nodeId).toBe(master.id);
    expect(focus.thread.current).toBe(2);
    expect(focus.adapted).toEqual([
      { id: story.id, name: 'Story', width: 200, height: 400, masterVersion: 1, words: 'at dusk' },
      { id: square.id, name: 'Square', width: 300, height: 300, masterVersion: 1, words: '' },
    ]);
  });
});

describe('render partials beside the source', () => {
  it('the first partial makes the frame beside the source and shows there; the final fills that same frame', async () => {
    const plugin = await startPlugin();
    const wire = plugin.createFrame({ name: 'Checkout', x: 0, y: 0, width: 400, height: 600 });
    const beside = { sourceId: wire.id, name: 'Checkout / mockup' };
    await plugin.receiveFromUi({ type: 'preview-beside', requestId: 'r', beside, bytes: png(32, 48) });
    const mockups = () => plugin.page.findAll((n) => n.name === 'Checkout / mockup');
    expect(mockups()).toHaveLength(1);
    const frame = mockups()[0]!;
    expect([frame.x, frame.y, frame.width, frame.height]).toEqual([440, 0, 400, 600]);
    expect(fillsOf(frame).some((f) => f.type === 'IMAGE')).toBe(true);
    await plugin.receiveFromUi({ type: 'preview-beside', requestId: 'r', beside, bytes: png(32, 48) });
    expect(mockups()).toHaveLength(1);
    await plugin.receiveFromUi({ type: 'apply-image', requestId: 'r', nodeId: null, bytes: png(64, 96), width: 64, height: 96, prompt: 'p', version, beside });
    expect(lastOf(plugin, 'applied')).toMatchObject({ nodeId: frame.id, created: true });
    expect(mockups()).toHaveLength(1);
    expect(fillsOf(frame)).toMatchObject([{ type: 'IMAGE', imageHash: lastOf(plugin, 'applied')!.imageHash }]);
  });

  it('a run that ends without a final image removes the frame made for its partials', async () => {
    const plugin = await startPlugin();
    const wire = plugin.createFrame({ name: 'Checkout', x: 0, y: 0, width: 400, height: 600 });
    await plugin.receiveFromUi({ type: 'preview-beside', requestId: 's', beside: { sourceId: wire.id, name: 'Checkout / mockup' }, bytes: png(32, 48) });
    expect(plugin.page.findAll((n) => n.name === 'Checkout / mockup')).toHaveLength(1);
    await plugin.receiveFromUi({ type: 'preview-end', requestId: 's' });
    expect(plugin.page.findAll((n) => n.name === 'Checkout / mockup')).toHaveLength(0);
  });
});
