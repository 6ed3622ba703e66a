import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import type { MainToUi } from '../../contract/messages';
import { fillsOf } from '../figma-fake';
import { startPlugin } from './setup';

const png = (w: number, h: number) => new Uint8Array(PNG.sync.write(new PNG({ width: w, height: h })));
const last = (sent: MainToUi[]) => sent.at(-1)!;

describe('the main thread', () => {
  it('opens the UI with Figma theme colours and answers ready with settings and selection', async () => {
    const plugin = await startPlugin(new Map([['figment.settings', { backendUrl: 'https://fig.example.com/', accessToken: ' tok ' }]]));
    expect(plugin.transport.opened[0]).toMatchObject({ html: '<html>ui</html>', options: { themeColors: true } });
    const frame = plugin.createFrame({ name: 'Hero', width: 1440, height: 720 });
    await plugin.select([frame.id]);
    await plugin.receiveFromUi({ type: 'ready' });
    expect(last(plugin.sentToUi)).toEqual({
      type: 'init',
      settings: { backendUrl: 'https://fig.example.com', accessToken: 'tok' },
      selection: { targets: [{ id: frame.id, name: 'Hero', nodeType: 'FRAME', width: 1440, height: 720, hasImageFill: false }], skipped: [] },
    });
  });

  it('pushes selection changes live, with skipped layers and reasons', async () => {
    const plugin = await startPlugin();
    const text = plugin.createNode('TEXT', { name: 'Title' });
    const group = plugin.createNode('GROUP', { name: 'Group 1' });
    const rect = plugin.createNode('RECTANGLE', { name: 'Card', width: 300, height: 200 });
    const locked = plugin.createNode('ELLIPSE', { name: 'Avatar' });
    locked.locked = true;
    await plugin.select([text.id, group.id, rect.id, locked.id]);
    const message = last(plugin.sentToUi);
    expect(message.type).toBe('selection');
    if (message.type !== 'selection') return;
    expect(message.selection.targets.map((t) => t.name)).toEqual(['Card']);
    expect(message.selection.skipped.map((s) => [s.name, s.reason])).toEqual([
      ['Title', expect.stringMatching(/Text layers/)],
      ['Group 1', expect.stringMatching(/Groups/)],
      ['Avatar', expect.stringMatching(/locked/)],
    ]);
  });

  it('saves settings to clientStorage', async () => {
    const storage = new Map<string, unknown>();
    const plugin = await startPlugin(storage);
    await plugin.receiveFromUi({ type: 'save-settings', settings: { backendUrl: 'http://127.0.0.1:8787///', accessToken: 'abc' } });
    expect(storage.get('figment.settings')).toEqual({ backendUrl: 'http://127.0.0.1:8787', accessToken: 'abc' });
    expect(last(plugin.sentToUi)).toMatchObject({ type: 'settings-saved' });
  });

  it('fills a frame with the image as one undo step, replacing placeholder fills', async () => {
    const plugin = await startPlugin();
    const frame = plugin.createFrame({ width: 400, height: 200 });
    const bytes = png(64, 32);
    await plugin.receiveFromUi({ type: 'apply-image', requestId: 'r1', nodeId: frame.id, bytes, width: 64, height: 32, prompt: 'p' });
    const answer = last(plugin.sentToUi);
    expect(answer).toMatchObject({ type: 'applied', requestId: 'r1', nodeId: frame.id, created: false });
    const fills = fillsOf(frame);
    expect(fills).toEqual([{ type: 'IMAGE', imageHash: expect.any(String), scaleMode: 'FILL', visible: true, opacity: 1 }]);
    expect(Buffer.from(plugin.images.bytes(fills[0]!.imageHash as string)!).equals(Buffer.from(bytes))).toBe(true);
    expect(plugin.undoCommits).toBe(1);
  });

  it('replaces an existing image fill in place and keeps the other paints', async () => {
    const plugin = await startPlugin();
    const first = plugin.figma.createImage(png(8, 8));
    const frame = plugin.createFrame({
      fills: [
        { type: 'SOLID', color: { r: 0, g: 0, b: 0 } },
        { type: 'IMAGE', imageHash: first.hash, scaleMode: 'FIT' },
        { type: 'SOLID', color: { r: 1, g: 0, b: 0 }, opacity: 0.2 },
      ],
    });
    await plugin.receiveFromUi({ type: 'apply-image', requestId: 'r', nodeId: frame.id, bytes: png(16, 16), width: 16, height: 16, prompt: 'p' });
    const fills = fillsOf(frame);
    expect(fills.map((f) => f.type)).toEqual(['SOLID', 'IMAGE', 'SOLID']);
    expect(fills[1]!.imageHash).not.toBe(first.hash);
    expect(fills[1]!.scaleMode).toBe('FILL');
  });

  it('reports a node deleted or locked meanwhile, and bytes Figma cannot read, without touching anything', async () => {
    const plugin = await startPlugin();
    const gone = plugin.createFrame();
    gone.remove();
    await plugin.receiveFromUi({ type: 'apply-image', requestId: 'a', nodeId: gone.id, bytes: png(4, 4), width: 4, height: 4, prompt: 'p' });
    expect(last(plugin.sentToUi)).toMatchObject({ type: 'apply-failed', requestId: 'a', reason: 'deleted' });
    const locked = plugin.createFrame();
    locked.locked = true;
    await plugin.receiveFromUi({ type: 'apply-image', requestId: 'b', nodeId: locked.id, bytes: png(4, 4), width: 4, height: 4, prompt: 'p' });
    expect(last(plugin.sentToUi)).toMatchObject({ type: 'apply-failed', reason: 'locked' });
    const frame = plugin.createFrame();
    await plugin.receiveFromUi({ type: 'apply-image', requestId: 'c', nodeId: frame.id, bytes: new Uint8Array([1, 2, 3]), width: 4, height: 4, prompt: 'p' });
    expect(last(plugin.sentToUi)).toMatchObject({ type: 'apply-failed', reason: 'invalid-image' });
    expect(fillsOf(frame)[0]!.type).toBe('SOLID');
    expect(plugin.undoCommits).toBe(0);
  });

  it('with nothing selected, creates a frame of the image aspect at the viewport centre and selects it', async () => {
    const plugin = await startPlugin();
    plugin.figma.viewport.center = { x: 1000, y: 500 };
    await plugin.receiveFromUi({ type: 'apply-image', requestId: 'n', nodeId: null, bytes: png(1536, 1024), width: 1536, height: 1024, prompt: 'A quiet harbour at dawn' });
    const answer = last(plugin.sentToUi);
    expect(answer).toMatchObject({ type: 'applied', created: true });
    if (answer.type !== 'applied') return;
    const frame = plugin.node(answer.nodeId)!;
    expect([frame.width, frame.height]).toEqual([512, 341]);
    expect([frame.x + frame.width / 2, frame.y + frame.height / 2]).toEqual([1000, 500.5]);
    // Named after the prompt's subject, not the sentence.
    expect(frame.name).toBe('Quiet harbour');
    expect(frame.parent).toBe(plugin.page);
    expect((plugin.page as unknown as { selection: unknown[] }).selection).toEqual([frame]);
    expect(fillsOf(frame)[0]!.type).toBe('IMAGE');
  });

  it('sizes a new frame to the zoom in view: as large on screen zoomed out as at 100 %', async () => {
    const plugin = await startPlugin();
    plugin.figma.viewport.zoom = 0.5;
    await plugin.receiveFromUi({ type: 'apply-image', requestId: 'z', nodeId: null, bytes: png(1536, 1024), width: 1536, height: 1024, prompt: 'Two kayaks on a glacier lake, morning mist' });
    const answer = last(plugin.sentToUi);
    if (answer.type !== 'applied') throw new Error(answer.type);
    const frame = plugin.node(answer.nodeId)!;
    expect([frame.width, frame.height]).toEqual([1024, 683]);
    expect(frame.name).toBe('Two kayaks');
  });

  it('passes notifications on to figma.notify', async () => {
    const plugin = await startPlugin();
    await plugin.receiveFromUi({ type: 'notify', message: 'Done', error: true });
    expect(plugin.notifications).toEqual([{ message: 'Done', error: true }]);
  });
});
