/**
 * Issue 15, main thread: a wireframe frame (children, no image fill) is offered as a target that holds layers, is
 * exported at the request's width (within the model's input limits, or smaller and said so), and its rendering lands
 * in a new frame of the same size beside it, clear of its neighbours, selected, its thread recording the source.
 */
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import type { MainToUi } from '../../contract/messages';
import { readThread } from '../../core/thread';
import { fillsOf } from '../figma-fake';
import { startPlugin } from './setup';

type Plugin = Awaited<ReturnType<typeof startPlugin>>;
const lastOf = <T extends MainToUi['type']>(plugin: Plugin, type: T) => plugin.sentToUi.filter((m): m is Extract<MainToUi, { type: T }> => m.type === type).at(-1);
const png = (w: number, h: number) => new Uint8Array(PNG.sync.write(new PNG({ width: w, height: h })));

async function wireframe(plugin: Plugin) {
  const frame = plugin.createFrame({ name: 'Checkout', x: 0, y: 0, width: 400, height: 600, fills: [{ type: 'SOLID', color: { r: 1, g: 1, b: 1 } }] });
  plugin.createNode('RECTANGLE', { name: 'Image box', x: 20, y: 20, width: 360, height: 200, fills: [{ type: 'SOLID', color: { r: 0.5, g: 0.5, b: 0.5 } }] }, frame);
  plugin.createNode('TEXT', { name: 'Title', x: 20, y: 240, width: 200, height: 40, characters: 'Pay now' }, frame);
  return frame;
}

describe('frame to image on the main thread', () => {
  it('reports a frame with layers inside and no image fill as such, with its text', async () => {
    const plugin = await startPlugin();
    const frame = await wireframe(plugin);
    await plugin.select([frame.id]);
    expect(lastOf(plugin, 'selection')!.selection.targets).toEqual([
      { id: frame.id, name: 'Checkout', nodeType: 'FRAME', width: 400, height: 600, hasImageFill: false, text: ['Pay now'], hasChildren: true },
    ]);
  });

  it('exports the frame at the request width, the same picture the frame exports itself', async () => {
    const plugin = await startPlugin();
    const frame = await wireframe(plugin);
    await plugin.receiveFromUi({ type: 'get-edit-input', requestId: 'w', nodeId: frame.id, referenceIds: [], maskId: null, exportWidth: 1024 });
    const input = lastOf(plugin, 'edit-input')!.input;
    expect(input.image).toMatchObject({ width: 1024, height: 1536, crop: { x: 0, y: 0, width: 1024, height: 1536 } });
    expect(input.note).toBeUndefined();
    const own = await frame.exportAsync({ format: 'PNG', constraint: { type: 'WIDTH', value: 1024 } });
    expect(Buffer.from(input.image.bytes).equals(Buffer.from(own))).toBe(true);
    const decoded = PNG.sync.read(Buffer.from(input.image.bytes));
    // The grey image box at 2.56x: (20, 20) -> (51.2, 51.2).
    expect([...decoded.data.subarray((60 * 1024 + 60) * 4, (60 * 1024 + 60) * 4 + 4)]).toEqual([128, 128, 128, 255]);
  });

  it('a frame too large to export at the width asked is exported smaller, and says so', async () => {
    const plugin = await startPlugin();
    const frame = await wireframe(plugin);
    await plugin.receiveFromUi({ type: 'get-edit-input', requestId: 'big', nodeId: frame.id, referenceIds: [], maskId: null, exportWidth: 4000 });
    const input = lastOf(plugin, 'edit-input')!.input;
    expect(input.image.height).toBeLessThanOrEqual(3840);
    expect(Math.abs(input.image.width - (input.image.height * 400) / 600)).toBeLessThanOrEqual(1);
    expect(input.image.width * input.image.height).toBeLessThanOrEqual(8_294_400);
    expect(input.note).toMatch(/^The frame was exported at \d+×\d+ instead of 4000×6000: an input image may be at most 3840 px a side/);
    expect(PNG.sync.read(Buffer.from(input.image.bytes)).height).toBe(input.image.height);
  });

  it('a deleted frame cannot be exported: a clear message, nothing sent', async () => {
    const plugin = await startPlugin();
    const frame = await wireframe(plugin);
    frame.remove();
    await plugin.receiveFromUi({ type: 'get-edit-input', requestId: 'gone', nodeId: frame.id, referenceIds: [], maskId: null, exportWidth: 1024 });
    expect(lastOf(plugin, 'edit-input-failed')).toEqual({ type: 'edit-input-failed', requestId: 'gone', message: 'A selected layer was deleted.' });
  });

  it('the result lands in a new frame of the same size beside the source, clear of its neighbours, selected, its thread recording the source', async () => {
    const plugin = await startPlugin();
    const frame = await wireframe(plugin);
    // A neighbour right where the new frame would go first (40 px right of the source).
    const neighbour = plugin.createFrame({ name: 'Other', x: 460, y: 100, width: 200, height: 200 });
    const bytes = png(1024, 1536);
    const version = { model: 'gpt-image-2', size: '1024x1536', quality: 'medium', engine: 'images' as const };
    await plugin.receiveFromUi({ type: 'apply-image', requestId: 'r', nodeId: null, bytes, width: 1024, height: 1536, prompt: 'a polished checkout', version, beside: { sourceId: frame.id, name: 'Checkout / mockup' } });
    const applied = lastOf(plugin, 'applied')!;
    expect(applied).toMatchObject({ requestId: 'r', created: true });
    const made = plugin.node(applied.nodeId)!;
    expect({ name: made.name, x: made.x, y: made.y, width: made.width, height: made.height }).toEqual({ name: 'Checkout / mockup', x: 700, y: 0, width: 400, height: 600 });
    expect(made.parent).toBe(frame.parent);
    expect(neighbour.x + neighbour.width + 40).toBe(made.x);
    expect(fillsOf(made)).toMatchObject([{ type: 'IMAGE', imageHash: applied.imageHash, scaleMode: 'FILL' }]);
    expect(fillsOf(frame)).toEqual([{ type: 'SOLID', color: { r: 1, g: 1, b: 1 } }]);
    expect((plugin.page as unknown as { selection: Array<{ id: string }> }).selection.map((n) => n.id)).toEqual([made.id]);
    const thread = readThread(made.getSharedPluginData('figment', 'thread'));
    expect(thread.versions).toMatchObject([{ id: 1, parent: null, prompt: 'a polished checkout', source: frame.id, imageHash: applied.imageHash }]);
  });
});
