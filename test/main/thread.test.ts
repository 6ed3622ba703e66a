/** Issue 3, main thread: the thread in the document, focus, edit inputs, restore, relaunch. Runs src/main.ts on the fake. */
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { describe, expect, it, vi } from 'vitest';
import type { MainToUi, VersionMeta } from '../../contract/messages';
import { applyTransform, maskRegion, type MaskFacts } from '../../core/mask-geometry';
import { lineage, readThread, THREAD_MAX_BYTES } from '../../core/thread';
import { createFakeFigma, createMemoryTransport, fillsOf, type FakeNode } from '../figma-fake';

const png = (w: number, h: number, seed = 0) => {
  const p = new PNG({ width: w, height: h });
  p.data.fill(seed);
  return new Uint8Array(PNG.sync.write(p));
};
const meta: VersionMeta = { model: 'gpt-image-2', size: '1536x1024', quality: 'medium', engine: 'images', jobId: 'job_1' };

async function start(command = '') {
  const fake = createFakeFigma({ transport: createMemoryTransport(), command });
  Object.assign(globalThis, { figma: fake.figma, __html__: '<html></html>' });
  vi.resetModules();
  await import('../../src/main');
  await fake.run();
  return fake;
}
type Plugin = Awaited<ReturnType<typeof start>>;

const lastOf = <T extends MainToUi['type']>(plugin: Plugin, type: T) =>
  plugin.sentToUi.filter((m): m is Extract<MainToUi, { type: T }> => m.type === type).at(-1);
const near = (p: { x: number; y: number }, x: number, y: number) => expect([p.x, p.y].map((v) => Math.round(v * 1e6) / 1e6)).toEqual([x, y]);
const regionOf = (facts: MaskFacts) => {
  const result = maskRegion(facts);
  if (!result.ok) throw new Error(result.reason);
  return result.region;
};
const threadOn = (node: FakeNode) => readThread(node.getSharedPluginData('figment', 'thread'));
const imageHashOf = (node: FakeNode) => fillsOf(node).find((p) => p.type === 'IMAGE')?.imageHash as string | undefined;

async function apply(plugin: Plugin, node: FakeNode, bytes: Uint8Array, prompt: string, version: VersionMeta | undefined = meta) {
  await plugin.receiveFromUi({ type: 'apply-image', requestId: `r-${prompt}`, nodeId: node.id, bytes, width: 96, height: 64, prompt, ...(version ? { version } : {}) });
  return imageHashOf(node)!;
}

describe('the thread in the document', () => {
  it('records each applied image as a version whose parent is the previous current one, with a relaunch button', async () => {
    const plugin = await start();
    const frame = plugin.createFrame({ name: 'Hero', width: 300, height: 200 });
    const h1 = await apply(plugin, frame, png(96, 64, 1), 'a lighthouse');
    expect(frame.relaunchData).toEqual({ refine: 'Talk to this frame', regenerate: 'A new image from the same prompt', variations: 'Takes to choose from' });
    const h2 = await apply(plugin, frame, png(96, 64, 2), 'warmer light', { ...meta, jobId: 'job_2' });
    const thread = threadOn(frame);
    expect(thread.current).toBe(2);
    expect(thread.versions).toEqual([
      { id: 1, parent: null, prompt: 'a lighthouse', model: 'gpt-image-2', size: '1536x1024', quality: 'medium', engine: 'images', imageHash: h1, jobId: 'job_1', at: expect.any(Number) },
      { id: 2, parent: 1, prompt: 'warmer light', model: 'gpt-image-2', size: '1536x1024', quality: 'medium', engine: 'images', imageHash: h2, jobId: 'job_2', at: expect.any(Number) },
    ]);
    expect(plugin.undoCommits).toBe(2);
    // The record is compact: hashes, not images.
    expect(frame.getSharedPluginData('figment', 'thread').length).toBeLessThan(1000);
  });

  it('records a conversation version with its response id, and a new frame gets a thread too', async () => {
    const plugin = await start();
    await plugin.receiveFromUi({
      type: 'apply-image', requestId: 'r', nodeId: null, bytes: png(64, 64), width: 64, height: 64, prompt: 'city',
      version: { ...meta, engine: 'responses', responseId: 'resp_abc' },
    });
    const created = plugin.node(lastOf(plugin, 'applied')!.nodeId)!;
    expect(threadOn(created).versions[0]).toMatchObject({ engine: 'responses', responseId: 'resp_abc', parent: null });
    // The new frame is selected: the UI hears about its thread with the selection change, which Figma delivers later.
    expect(lastOf(plugin, 'focus')).toBeUndefined();
    await plugin.settled();
    expect(lastOf(plugin, 'focus')?.focus).toMatchObject({ nodeId: created.id, thread: { current: 1 } });
  });

  it('restores an earlier version as one undo step and tells the UI', async () => {
    const plugin = await start();
    const frame = plugin.createFrame({ width: 300, height: 200 });
    await plugin.select([frame.id]);
    const h1 = await apply(plugin, frame, png(96, 64, 1), 'one');
    await apply(plugin, frame, png(96, 64, 2), 'two');
    await plugin.receiveFromUi({ type: 'restore-version', nodeId: frame.id, versionId: 1 });
    expect(imageHashOf(frame)).toBe(h1);
    expect(threadOn(frame).current).toBe(1);
    expect(threadOn(frame).versions).toHaveLength(2);
    expect(plugin.undoCommits).toBe(3);
    expect(lastOf(plugin, 'focus')?.focus?.thread.current).toBe(1);
    await plugin.receiveFromUi({ type: 'restore-version', nodeId: frame.id, versionId: 9 });
    expect(plugin.notifications.at(-1)).toMatchObject({ message: expect.stringMatching(/Version 9/), error: true });
    expect(plugin.undoCommits).toBe(3);
  });

  it('sixty turns with long prompts stay within the plugin-data budget, keeping the current version and its chain', async () => {
    const plugin = await start();
    const frame = plugin.createFrame({ width: 300, height: 200 });
    const hashes: string[] = [];
    for (let i = 1; i <= 60; i++) hashes.push(await apply(plugin, frame, png(96, 64, i), `turn ${i}: ${'a long, careful art direction '.repeat(60)}`));
    expect(fillsOf(frame).find((f) => f.type === 'IMAGE')?.imageHash).toBe(hashes[59]);
    const stored = frame.getSharedPluginData('figment', 'thread');
    expect(stored.length).toBeLessThanOrEqual(THREAD_MAX_BYTES);
    const thread = threadOn(frame);
    expect(thread.current).toBe(60);
    expect(thread.versions.at(-1)).toMatchObject({ id: 60, imageHash: hashes[59], prompt: expect.stringMatching(/^turn 60: /) });
    // The chain from the current version reaches the first, through the most recent turns that fit.
    const chain = lineage(thread).map((v) => v.id);
    expect(chain[0]).toBe(1);
    expect(chain.slice(1)).toEqual(Array.from({ length: chain.length - 1 }, (_, i) => 61 - (chain.length - 1) + i));
    expect(chain.length).toBeGreaterThan(5);
    for (const v of thread.versions) expect(v.imageHash).toBe(hashes[v.id - 1]);
  });

  it('hands over version bytes by hash', async () => {
    const plugin = await start();
    const frame = plugin.createFrame({});
    const bytes = png(96, 64, 7);
    const hash = await apply(plugin, frame, bytes, 'x');
    await plugin.receiveFromUi({ type: 'get-image-bytes', hash });
    expect(Buffer.from(lastOf(plugin, 'image-bytes')!.bytes!).equals(Buffer.from(bytes))).toBe(true);
    await plugin.receiveFromUi({ type: 'get-image-bytes', hash: 'f'.repeat(40) });
    expect(lastOf(plugin, 'image-bytes')).toEqual({ type: 'image-bytes', hash: 'f'.repeat(40), bytes: null });
  });

  it('opened from the "Refine image" relaunch button, shows that frame\'s thread', async () => {
    const first = await start();
    const frame = first.createFrame({ name: 'Mug' });
    await apply(first, frame, png(96, 64), 'a mug');
    const saved = frame.getSharedPluginData('figment', 'thread');
    // Reopen the file: a new plugin run started by the relaunch button, the frame selected.
    const plugin = await start('refine');
    expect(plugin.figma.command).toBe('refine');
    const again = plugin.createFrame({ name: 'Mug', fills: [{ type: 'IMAGE', imageHash: plugin.images.create(png(96, 64)).hash, scaleMode: 'FILL' }] });
    again.setSharedPluginData('figment', 'thread', saved);
    await plugin.select([again.id]);
    await plugin.receiveFromUi({ type: 'ready' });
    expect(lastOf(plugin, 'focus')?.focus).toMatchObject({ nodeId: again.id, name: 'Mug', thread: { current: 1, versions: [{ prompt: 'a mug' }] } });
    expect(lastOf(plugin, 'engine')).toEqual({ type: 'engine', engine: 'images' });
    // The buttons Figma shows for relaunch data { refine, regenerate, variations } are declared in the manifest.
    const manifest = JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8')) as { relaunchButtons?: unknown };
    expect(manifest.relaunchButtons).toEqual([
      { command: 'refine', name: 'Refine image' },
      { command: 'regenerate', name: 'Regenerate' },
      { command: 'variations', name: 'Variations' },
    ]);
  });
});

describe('focus and edit inputs', () => {
  it('a frame with an image, a logo layer and a rectangle over it: the edit input carries all three', async () => {
    const plugin = await start();
    const frame = plugin.createFrame({ name: 'Hero', width: 300, height: 200, x: 100, y: 50 });
    const current = png(600, 400, 3);
    await apply(plugin, frame, current, 'room');
    const logoBytes = png(32, 32, 9);
    const logo = plugin.createNode('RECTANGLE', { name: 'Logo', x: 900, fills: [{ type: 'IMAGE', imageHash: plugin.images.create(logoBytes).hash, scaleMode: 'FIT' }] });
    const shape = plugin.createNode('ELLIPSE', { name: 'Region', x: 150, y: 100, width: 60, height: 40 });
    await plugin.select([shape.id, frame.id, logo.id]);
    const focus = lastOf(plugin, 'focus')!.focus!;
    expect(focus).toMatchObject({ nodeId: frame.id, references: [{ id: logo.id, name: 'Logo' }], mask: { id: shape.id, name: 'Region' } });

    await plugin.receiveFromUi({ type: 'get-edit-input', requestId: 'e1', nodeId: frame.id, referenceIds: [logo.id], maskId: shape.id });
    const answer = lastOf(plugin, 'edit-input')!;
    expect(answer.requestId).toBe('e1');
    expect(Buffer.from(answer.input.image.bytes).equals(Buffer.from(current))).toBe(true);
    expect(answer.input.image).toMatchObject({ width: 600, height: 400 });
    expect(Buffer.from(answer.input.references[0]!.bytes).equals(Buffer.from(logoBytes))).toBe(true);
    // The ellipse's own fill geometry, its placement and the frame's: the ellipse sits at (50, 50)-(110, 90) in the
    // frame, and the image is twice the frame's size (FILL).
    const mask = answer.input.mask!;
    expect(mask.paths).toEqual([{ windingRule: 'NONZERO', data: expect.stringMatching(/^M 60 20 C .* Z$/) }]);
    expect(mask.fill).toEqual({ nodeWidth: 300, nodeHeight: 200, imageWidth: 600, imageHeight: 400, scaleMode: 'FILL' });
    const region = regionOf(mask);
    near(applyTransform(region.transform, { x: 0, y: 0 }), 100, 100);
    near(applyTransform(region.transform, { x: 60, y: 40 }), 220, 180);
    expect([region.width, region.height]).toEqual([600, 400]);
  });

  it('a rotated star over a cropped image: its points, rotation and the crop make one matrix to image pixels', async () => {
    const plugin = await start();
    const hash = plugin.images.create(png(800, 600)).hash;
    // The frame shows the image's right half (CROP).
    const frame = plugin.createFrame({ width: 400, height: 600, x: 1000, y: 0, fills: [{ type: 'IMAGE', imageHash: hash, scaleMode: 'CROP', imageTransform: [[0.5, 0, 0.5], [0, 1, 0]] }] });
    const star = plugin.createNode('STAR', { name: 'Burst', x: 1100, y: 200, width: 100, height: 100, rotation: 90, pointCount: 6 });
    await plugin.select([frame.id, star.id]);
    expect(lastOf(plugin, 'focus')!.focus!.mask).toEqual({ id: star.id, name: 'Burst' });
    await plugin.receiveFromUi({ type: 'get-edit-input', requestId: 's', nodeId: frame.id, referenceIds: [], maskId: star.id });
    const mask = lastOf(plugin, 'edit-input')!.input.mask!;
    // Twelve points (six outer, six inner), closed.
    expect(mask.paths[0]!.data.match(/L/g)).toHaveLength(12);
    const region = regionOf(mask);
    // Rotated 90° counter-clockwise about its origin (100, 200 in the frame): local (100, 0) is frame (100, 100),
    // i.e. image x 400 + 100, y 100.
    near(applyTransform(region.transform, { x: 100, y: 0 }), 500, 100);
    near(applyTransform(region.transform, { x: 0, y: 100 }), 600, 200);
  });

  it('a vector without fills marks its own paths; a line is no region; a shape without area is refused', async () => {
    const plugin = await start();
    const frame = plugin.createFrame({ width: 200, height: 200 });
    await apply(plugin, frame, png(200, 200), 'a field');
    const vectorPaths = [{ windingRule: 'EVENODD' as const, data: 'M 0 0 L 50 0 L 25 40 Z' }];
    const vector = plugin.createNode('VECTOR', { x: 10, y: 10, width: 50, height: 40, fills: [], vectorPaths });
    const line = plugin.createNode('LINE', { x: 10, y: 10, width: 50, height: 0 });
    await plugin.select([frame.id, line.id]);
    expect(lastOf(plugin, 'focus')!.focus!.mask).toBeNull();
    await plugin.select([frame.id, vector.id]);
    expect(lastOf(plugin, 'focus')!.focus!.mask?.id).toBe(vector.id);
    await plugin.receiveFromUi({ type: 'get-edit-input', requestId: 'v', nodeId: frame.id, referenceIds: [], maskId: vector.id });
    expect(lastOf(plugin, 'edit-input')!.input.mask!.paths).toEqual(vectorPaths);
    const empty = plugin.createNode('RECTANGLE', { name: 'Outline only', x: 10, y: 10, width: 50, height: 40, fills: [] });
    await plugin.receiveFromUi({ type: 'get-edit-input', requestId: 'r', nodeId: frame.id, referenceIds: [], maskId: empty.id });
    expect(lastOf(plugin, 'edit-input-failed')).toEqual({ type: 'edit-input-failed', requestId: 'r', message: '“Outline only” has no area to edit; give it a fill.' });
  });

  it('refuses a region over a tiled image with a clear message', async () => {
    const plugin = await start();
    const hash = plugin.images.create(png(50, 50)).hash;
    const frame = plugin.createFrame({ width: 200, height: 200, fills: [{ type: 'IMAGE', imageHash: hash, scaleMode: 'TILE' }] });
    const rect = plugin.createNode('RECTANGLE', { x: 10, y: 10, width: 20, height: 20 });
    await plugin.select([frame.id, rect.id]);
    expect(lastOf(plugin, 'focus')!.focus!.maskProblem).toMatch(/tiled/);
    await plugin.receiveFromUi({ type: 'get-edit-input', requestId: 'e2', nodeId: frame.id, referenceIds: [], maskId: rect.id });
    expect(lastOf(plugin, 'edit-input-failed')).toEqual({ type: 'edit-input-failed', requestId: 'e2', message: expect.stringMatching(/tiled images/) });
  });

  it('a frame without an image fill is edited from its PNG export', async () => {
    const plugin = await start();
    const frame = plugin.createFrame({ width: 120, height: 80 });
    await plugin.receiveFromUi({ type: 'get-edit-input', requestId: 'e3', nodeId: frame.id, referenceIds: [], maskId: null });
    const input = lastOf(plugin, 'edit-input')!.input;
    expect(input.image).toMatchObject({ width: 240, height: 160, crop: { x: 0, y: 0, width: 240, height: 160 } });
    const decoded = PNG.sync.read(Buffer.from(input.image.bytes));
    expect([decoded.width, decoded.height]).toEqual([240, 160]);
  });

  it("an export that takes in the frame's shadow is cropped to the frame: the crop is the frame's own pixels", async () => {
    const plugin = await start();
    const frame = plugin.createFrame({ width: 300, height: 100, effects: [{ type: 'DROP_SHADOW', radius: 12, offset: { x: 4, y: 8 } }] });
    await plugin.receiveFromUi({ type: 'get-edit-input', requestId: 'e4', nodeId: frame.id, referenceIds: [], maskId: null });
    const { image } = lastOf(plugin, 'edit-input')!.input;
    const decoded = PNG.sync.read(Buffer.from(image.bytes));
    // Export pixels at 2x: the shadow adds 8 px left, 4 px above, 16 px right and 20 px below the frame.
    expect([decoded.width, decoded.height]).toEqual([(8 + 300 + 16) * 2, (4 + 100 + 20) * 2]);
    expect(image).toMatchObject({ width: 600, height: 200, crop: { x: 16, y: 8, width: 600, height: 200 } });
    const alpha = (x: number, y: number) => decoded.data[(y * decoded.width + x) * 4 + 3];
    const { x, y, width, height } = image.crop!;
    expect([alpha(x, y), alpha(x + width - 1, y + height - 1), alpha(x - 1, y), alpha(x, y + height)]).toEqual([255, 255, 0, 0]);
  });

  it('a large frame is exported within the size an edit takes', async () => {
    const plugin = await start();
    const frame = plugin.createFrame({ width: 2500, height: 500 });
    await plugin.receiveFromUi({ type: 'get-edit-input', requestId: 'e5', nodeId: frame.id, referenceIds: [], maskId: null });
    expect(lastOf(plugin, 'edit-input')!.input.image).toMatchObject({ width: 2048, height: 410 });
  });

  it('hands the fill rotation over with the region facts', async () => {
    const plugin = await start();
    const hash = plugin.images.create(png(60, 40)).hash;
    const frame = plugin.createFrame({ width: 200, height: 300, fills: [{ type: 'IMAGE', imageHash: hash, scaleMode: 'FILL', rotation: 90 }] });
    const shape = plugin.createNode('RECTANGLE', { width: 20, height: 20, x: 10, y: 10 });
    await plugin.receiveFromUi({ type: 'get-edit-input', requestId: 'e6', nodeId: frame.id, referenceIds: [], maskId: shape.id });
    expect(lastOf(plugin, 'edit-input')!.input.mask!.fill).toMatchObject({ scaleMode: 'FILL', rotation: 90, imageWidth: 60, imageHeight: 40 });
  });

  it('plain frames, or two Figment frames at once, are not a conversation', async () => {
    const plugin = await start();
    const a = plugin.createFrame({});
    const b = plugin.createFrame({});
    await plugin.select([a.id]);
    expect(lastOf(plugin, 'focus')!.focus).toBeNull();
    await apply(plugin, a, png(96, 64, 1), 'a');
    await apply(plugin, b, png(96, 64, 2), 'b');
    await plugin.select([a.id, b.id]);
    expect(lastOf(plugin, 'focus')!.focus).toBeNull();
  });

  it('keeps the engine choice in clientStorage', async () => {
    const plugin = await start();
    await plugin.receiveFromUi({ type: 'set-engine', engine: 'responses' });
    expect(lastOf(plugin, 'engine')).toEqual({ type: 'engine', engine: 'responses' });
    expect(await plugin.figma.clientStorage.getAsync('figment.engine')).toBe('responses');
  });
});
