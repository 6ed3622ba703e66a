/** The fake refuses what Figma refuses (each rule cites its typings doc comment beside the check in the fake). */
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { CLIENT_STORAGE_QUOTA } from './client-storage';
import { createFakeFigma, createMemoryTransport, fillsOf } from './index';
import { parseManifest } from './manifest';

const png = (w: number, h: number) => new Uint8Array(PNG.sync.write(new PNG({ width: w, height: h })));
const gif = (w: number, h: number) => new Uint8Array([...'GIF89a'].map((c) => c.charCodeAt(0)).concat([w & 255, w >> 8, h & 255, h >> 8, 0, 0, 0, 0x3b]));
/** SOI, an APP0 segment, then SOF0 (precision, height, width). */
const jpeg = (w: number, h: number) => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, h >> 8, h & 255, w >> 8, w & 255, 1, 1, 0x11, 0, 0xff, 0xd9]);
const webp = new Uint8Array([...'RIFF\0\0\0\0WEBPVP8 '].map((c) => c.charCodeAt(0)));
const manifest = parseManifest({ name: 'P', id: 'plugin-1', api: '1.0.0', main: 'code.js', relaunchButtons: [{ command: 'refine', name: 'Refine image' }] });

describe('images', () => {
  it('createImage takes PNG, JPEG and GIF up to 4096 px a side; getSizeAsync reads each', async () => {
    const { figma } = createFakeFigma();
    expect(await figma.createImage(png(4096, 10)).getSizeAsync()).toEqual({ width: 4096, height: 10 });
    expect(await figma.createImage(jpeg(640, 480)).getSizeAsync()).toEqual({ width: 640, height: 480 });
    expect(await figma.createImage(gif(33, 17)).getSizeAsync()).toEqual({ width: 33, height: 17 });
    expect(() => figma.createImage(png(4097, 10))).toThrow(/maximum size of 4096 pixels/);
    expect(() => figma.createImage(webp)).toThrow(/unsupported/);
    expect(() => figma.createImage(png(8, 8).slice(0, 20))).toThrow(/invalid/);
    expect(() => figma.createImage(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]))).toThrow(/invalid/);
  });
});

describe('nodes', () => {
  it('plugin data: 100 kB per entry counting id, key and value; private to the plugin id; refused on removed nodes', () => {
    const fake = createFakeFigma({ manifest });
    const frame = fake.createFrame();
    frame.setPluginData('k', 'x'.repeat(100_000 - 'plugin-1'.length - 1));
    expect(() => frame.setPluginData('k', 'x'.repeat(100_000 - 'plugin-1'.length))).toThrow(/cannot exceed 100 kB/);
    expect(() => frame.setPluginData('k', 'é'.repeat(50_000))).toThrow(/cannot exceed 100 kB/);
    frame.setSharedPluginData('figment', 'thread', '{}');
    expect(() => frame.setSharedPluginData('fg', 'thread', '{}')).toThrow(/at least 3 alphanumeric/);
    fake.relaunch('', 'published-42');
    expect(frame.getPluginData('k')).toBe('');
    expect(frame.getSharedPluginData('figment', 'thread')).toBe('{}');
    frame.remove();
    expect(() => frame.setPluginData('k', 'v')).toThrow(/does not exist/);
    expect(() => frame.setSharedPluginData('figment', 'k', 'v')).toThrow(/does not exist/);
  });

  it('relaunch data: Figma shows only commands the manifest names, by their manifest name; long descriptions throw', () => {
    const fake = createFakeFigma({ manifest });
    const frame = fake.createFrame();
    frame.setRelaunchData({ refine: 'Talk to this frame', other: '' });
    expect(frame.relaunchButtons).toEqual([{ name: 'Refine image', description: 'Talk to this frame' }]);
    expect(() => frame.setRelaunchData({ refine: 'x'.repeat(1001) })).toThrow(/1000 characters/);
  });

  it('fills are validated like paints: type, keys, scale mode, image hash, rotation in 90 degree steps', () => {
    const fake = createFakeFigma();
    const frame = fake.createFrame();
    const hash = fake.figma.createImage(png(4, 4)).hash;
    frame.fills = [{ type: 'IMAGE', imageHash: hash, scaleMode: 'FIT', rotation: 270 }];
    expect(() => (frame.fills = [{ type: 'IMAGE', imageHash: hash, scaleMode: 'STRETCH' }])).toThrow(/scaleMode/);
    expect(() => (frame.fills = [{ type: 'IMAGE', imageHash: hash, scaleMode: 'FILL', rotation: 45 }])).toThrow(/increments of 90/);
    expect(() => (frame.fills = [{ type: 'IMAGE', imageHash: hash, scaleMode: 'FILL', crop: 1 }])).toThrow(/Unrecognized key/);
    expect(() => (frame.fills = [{ type: 'IMAGE', imageHash: 'f'.repeat(40), scaleMode: 'FILL' }])).toThrow(/Invalid image hash/);
    expect(() => (frame.fills = [{ type: 'SOLID', color: { r: 2, g: 0, b: 0 } }])).toThrow(/color/);
    expect(() => (frame.fills = [{ type: 'VIDEO', videoHash: 'x', scaleMode: 'FILL' }])).toThrow(/not implemented/);
    expect(fillsOf(frame)).toEqual([{ type: 'IMAGE', imageHash: hash, scaleMode: 'FIT', rotation: 270 }]);
  });

  it('exportAsync renders the rotated, shadowed bounds at the constraint; other formats are not implemented', async () => {
    const fake = createFakeFigma();
    const frame = fake.createFrame({ width: 100, height: 50, effects: [{ type: 'DROP_SHADOW', radius: 10, offset: { x: 0, y: 5 } }] });
    const decoded = PNG.sync.read(Buffer.from(await frame.exportAsync({ format: 'PNG', constraint: { type: 'WIDTH', value: 240 } })));
    expect([decoded.width, decoded.height]).toEqual([240, 140]);
    const alphaAt = (x: number, y: number) => decoded.data[(y * decoded.width + x) * 4 + 3];
    expect([alphaAt(0, 0), alphaAt(120, 60)]).toEqual([0, 255]);
    frame.effects = [];
    frame.rotation = 90;
    const rotated = PNG.sync.read(Buffer.from(await frame.exportAsync()));
    expect([rotated.width, rotated.height]).toEqual([50, 100]);
    await expect(frame.exportAsync({ format: 'SVG' })).rejects.toThrow(/not implemented/);
  });
});

describe('exportAsync draws the frame and its children', () => {
  it('paints the background fill and each child box in its solid fill, clipped to the frame, at the WIDTH constraint; a removed node refuses', async () => {
    const fake = createFakeFigma();
    const frame = fake.createFrame({ width: 200, height: 100, fills: [{ type: 'SOLID', color: { r: 1, g: 1, b: 1 } }] });
    fake.createNode('RECTANGLE', { x: 20, y: 10, width: 60, height: 40, fills: [{ type: 'SOLID', color: { r: 1, g: 0, b: 0 } }] }, frame);
    fake.createNode('TEXT', { x: 150, y: 80, width: 100, height: 40, characters: 'Buy', fills: [{ type: 'SOLID', color: { r: 0, g: 0, b: 1 } }] }, frame);
    const png = PNG.sync.read(Buffer.from(await frame.exportAsync({ format: 'PNG', constraint: { type: 'WIDTH', value: 400 } })));
    expect([png.width, png.height]).toEqual([400, 200]);
    const at = (x: number, y: number) => [...png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 4)];
    expect(at(10, 10)).toEqual([255, 255, 255, 255]);
    expect(at(41, 21)).toEqual([255, 0, 0, 255]);
    expect(at(159, 99)).toEqual([255, 0, 0, 255]);
    expect(at(160, 100)).toEqual([255, 255, 255, 255]);
    expect(at(399, 199)).toEqual([0, 0, 255, 255]);
    expect(at(299, 159)).toEqual([255, 255, 255, 255]);
    frame.remove();
    await expect(frame.exportAsync({ format: 'PNG' })).rejects.toThrow(/does not exist/);
  });
});

describe('events, UI and storage', () => {
  it('selectionchange arrives later, once for several changes, and also on delete and page change', async () => {
    const fake = createFakeFigma();
    let events = 0;
    fake.figma.on('selectionchange', () => events++);
    const [a, b] = [fake.createFrame(), fake.createFrame()];
    void fake.select([a.id]);
    void fake.select([a.id, b.id]);
    expect(events).toBe(0);
    await fake.settled();
    expect(events).toBe(1);
    b.remove();
    await fake.settled();
    expect(events).toBe(2);
    await fake.figma.setCurrentPageAsync(fake.createPage('Page 2'));
    await fake.settled();
    expect(events).toBe(3);
    expect(() => ((fake.figma as { currentPage: unknown }).currentPage = fake.page)).toThrow(/setCurrentPageAsync/);
  });

  it('closePlugin runs close handlers synchronously, then every Figma API refuses', async () => {
    const fake = createFakeFigma();
    const frame = fake.createFrame();
    const seen: string[] = [];
    fake.figma.on('close', () => {
      frame.name = 'restored';
      seen.push('close');
    });
    fake.figma.closePlugin();
    expect(seen).toEqual(['close']);
    expect(() => (frame.fills = [])).toThrow(/closed/);
    expect(() => fake.figma.notify('late')).toThrow(/closed/);
    await expect(fake.figma.clientStorage.getAsync('k')).rejects.toThrow(/closed/);
  });

  it('ui.postMessage needs showUI first; resize keeps to 70x0 and up; clientStorage has its 5 MB quota; unknown APIs throw', async () => {
    const fake = createFakeFigma({ transport: createMemoryTransport() });
    expect(() => fake.figma.ui.postMessage({ type: 'focus', focus: null })).toThrow(/showUI first/);
    fake.figma.showUI('<html></html>', { width: 300, height: 200 });
    fake.figma.ui.postMessage({ type: 'focus', focus: null });
    expect(() => fake.figma.ui.resize(69, 100)).toThrow(/at least 70x0/);
    expect(() => fake.figma.ui.resize(100, Number.NaN)).toThrow(/at least 70x0/);
    await fake.figma.clientStorage.setAsync('big', new Uint8Array(CLIENT_STORAGE_QUOTA - 100));
    await expect(fake.figma.clientStorage.setAsync('more', new Uint8Array(200))).rejects.toThrow(/quota/);
    expect(() => (fake.figma as unknown as Record<string, unknown>).createText).toThrow(/not implemented/);
    expect(() => fake.figma.on('documentchange', () => undefined)).toThrow(/not implemented/);
  });
});

describe('undo history', () => {
  it('triggerUndo reverts what changed since the last commitUndo, then each committed step in turn', () => {
    const fake = createFakeFigma();
    const frame = fake.createFrame({ name: 'Hero' });
    const shape = fake.createNode('RECTANGLE', { name: 'Mask' });
    const before = fillsOf(frame);
    const hash = fake.figma.createImage(png(4, 4)).hash;
    frame.fills = [{ type: 'IMAGE', imageHash: hash, scaleMode: 'FILL' }];
    frame.setSharedPluginData('figment', 'thread', '{"v":1}');
    const made = fake.figma.createFrame();
    fake.page.appendChild(made);
    fake.figma.commitUndo();
    shape.visible = false;
    // Not committed: the first undo reverts only that.
    fake.figma.triggerUndo();
    expect(shape.visible).toBe(true);
    expect(fillsOf(frame)[0]).toMatchObject({ imageHash: hash });
    // Then the committed step: fills, plugin data and the node the plugin made, together.
    fake.figma.triggerUndo();
    expect(fillsOf(frame)).toEqual(before);
    expect(frame.getSharedPluginData('figment', 'thread')).toBe('');
    expect(made.removed).toBe(true);
    expect(fake.page.children).not.toContain(made);
    // The designer's own steps (creating the shape, the frame) come next; before the file was opened, nothing.
    fake.figma.triggerUndo();
    expect(shape.removed).toBe(true);
    fake.figma.triggerUndo();
    expect(frame.removed).toBe(true);
    expect(() => fake.figma.triggerUndo()).toThrow(/not implemented/);
    expect(fake.undoTriggers).toBe(4);
  });

  it('a notice button runs its action when pressed and goes, unless the action returns false', () => {
    const fake = createFakeFigma();
    let pressed = 0;
    fake.figma.notify('Placed', { button: { text: 'Undo', action: () => void pressed++ } });
    fake.figma.notify('Sticky', { button: { text: 'Keep', action: () => false } });
    fake.pressNotificationButton('Undo');
    fake.pressNotificationButton('Keep');
    expect(pressed).toBe(1);
    expect(fake.shownWithButtons().map((n) => n.button)).toEqual(['Keep']);
    expect(() => fake.pressNotificationButton('Undo')).toThrow(/no notice/);
    expect(() => fake.figma.notify('x', { button: { text: 'Bad' } as never })).toThrow(/button needs text and an action/);
  });
});

describe('drop', () => {
  it('lands on the topmost unlocked layer that can be a parent, else the page, with x and y relative to it; callbacks must answer a boolean', () => {
    const fake = createFakeFigma();
    const frame = fake.createFrame({ name: 'F', width: 100, height: 100, x: 10, y: 20 });
    fake.createNode('RECTANGLE', { name: 'R', width: 50, height: 50, x: 200, y: 0 });
    const seen: Array<{ node: string; x: number; y: number; items: unknown[]; files: unknown[]; dropMetadata?: unknown }> = [];
    fake.figma.on('drop', ((e: { node: { id: string }; x: number; y: number; items: unknown[]; files: unknown[]; dropMetadata?: unknown }) => {
      seen.push({ ...e, node: e.node.id });
      return true;
    }) as never);
    expect(fake.drop(15, 30, { a: 1 })).toBe(true);
    expect(seen[0]).toMatchObject({ node: frame.id, x: 5, y: 10, items: [], files: [], dropMetadata: { a: 1 } });
    fake.drop(210, 10);
    expect(seen[1]!.node).toBe(fake.page.id);
    frame.locked = true;
    fake.drop(15, 30);
    expect(seen[2]!.node).toBe(fake.page.id);
    fake.figma.on('drop', (() => undefined) as never);
    expect(() => fake.drop(15, 30)).toThrow(/must return a boolean/);
  });
});

describe('findAllWithCriteria', () => {
  it('finds nodes by shared plugin data (namespace, and one of the keys when given) and type; refuses a criterion it does not implement', async () => {
    const fake = createFakeFigma();
    const a = fake.createFrame({ name: 'A' });
    const b = fake.createFrame({ name: 'B' });
    fake.createFrame({ name: 'C' });
    a.setSharedPluginData('figment', 'thread', '1');
    b.setSharedPluginData('figment', 'other', '1');
    b.setSharedPluginData('figment', 'thread', '1');
    b.setSharedPluginData('figment', 'thread', '');
    const names = (criteria: Parameters<typeof fake.page.findAllWithCriteria>[0]) => fake.page.findAllWithCriteria(criteria).map((n) => n.name);
    expect(names({ sharedPluginData: { namespace: 'figment', keys: ['thread'] } })).toEqual(['A']);
    expect(names({ sharedPluginData: { namespace: 'figment' } })).toEqual(['A', 'B']);
    expect(names({ types: ['FRAME'], sharedPluginData: { namespace: 'others' } })).toEqual([]);
    expect(() => names({ sharedPluginData: { namespace: 'x' } })).toThrow(/namespace/);
    expect(() => fake.page.findAllWithCriteria({ pluginDataX: {} } as never)).toThrow(/not implemented/);
    await fake.page.loadAsync();
    await expect(a.loadAsync()).rejects.toThrow(/PageNode/);
  });
});

describe('findAllWithCriteria by private plugin data', () => {
  it('finds nodes holding this plugin\'s own data (on one of the keys when given), never another plugin\'s', () => {
    const fake = createFakeFigma({ pluginId: 'figment-id' });
    const a = fake.createFrame({ name: 'A' });
    const b = fake.createFrame({ name: 'B' });
    const c = fake.createFrame({ name: 'C' });
    a.setPluginData('thread', '1');
    b.setPluginData('other', '1');
    c.setPluginData('thread', '1');
    c.setPluginData('thread', '');
    const names = (criteria: Parameters<typeof fake.page.findAllWithCriteria>[0]) => fake.page.findAllWithCriteria(criteria).map((n) => n.name);
    expect(names({ pluginData: { keys: ['thread'] } })).toEqual(['A']);
    expect(names({ pluginData: {} })).toEqual(['A', 'B']);
    expect(names({ types: ['TEXT'], pluginData: {} })).toEqual([]);
    fake.relaunch('', 'another-plugin');
    expect(names({ pluginData: {} })).toEqual([]);
  });
});

describe('clone', () => {
  it('duplicates the node and its layers with new ids onto the current page, plugin data along; never a removed node', async () => {
    const fake = createFakeFigma({ manifest });
    const group = fake.createFrame({ name: 'Group' });
    const frame = fake.createNode('FRAME', { name: 'Hero', x: 5, y: 6, width: 60, height: 40 }, group);
    fake.createNode('TEXT', { name: 'Title', characters: 'Hi' }, frame);
    frame.setSharedPluginData('figment', 'thread', '{"v":1}');
    const copy = frame.clone();
    expect(copy.id).not.toBe(frame.id);
    expect([copy.name, copy.x, copy.y, copy.width, copy.height]).toEqual(['Hero', 5, 6, 60, 40]);
    expect(copy.parent).toBe(fake.page);
    expect(copy.children.map((c) => [c.name, c.characters, c.parent === copy, frame.children.includes(c)])).toEqual([['Title', 'Hi', true, false]]);
    expect(await fake.figma.getNodeByIdAsync(copy.children[0]!.id)).toBe(copy.children[0]);
    expect(copy.getSharedPluginData('figment', 'thread')).toBe('{"v":1}');
    copy.name = 'Copy';
    expect(frame.name).toBe('Hero');
    frame.remove();
    expect(() => frame.clone()).toThrow(/does not exist/);
  });
});

describe('text', () => {
  it('characters can be written only once the font is loaded; a missing font does not load; undo restores the text', async () => {
    const fake = createFakeFigma({ missingFonts: ['Comic Sans'] });
    const title = fake.createNode('TEXT', { name: 'Title', characters: 'Hi' });
    const odd = fake.createNode('TEXT', { name: 'Odd', characters: 'Yo', fontName: { family: 'Comic Sans', style: 'Bold' } });
    expect(() => (title.characters = 'Salut')).toThrow(/unloaded font "Inter Regular"/);
    await fake.figma.loadFontAsync({ family: 'Inter', style: 'Regular' });
    title.characters = 'Salut';
    expect(title.characters).toBe('Salut');
    await expect(fake.figma.loadFontAsync({ family: 'Comic Sans', style: 'Bold' })).rejects.toThrow(/could not be loaded/);
    expect(() => (odd.characters = 'Ho')).toThrow(/unloaded font/);
    fake.figma.triggerUndo();
    expect(title.characters).toBe('Hi');
    fake.relaunch();
    expect(() => (title.characters = 'Again')).toThrow(/unloaded font/);
  });
});
