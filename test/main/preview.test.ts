import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { fillsOf } from '../figma-fake';
import { startPlugin } from './setup';

const png = (w: number, h: number, seed: number) => {
  const p = new PNG({ width: w, height: h });
  p.data.fill(seed);
  return new Uint8Array(PNG.sync.write(p));
};

describe('canvas previews', () => {
  it('shows partials on the frame, then the final image, as one undo step', async () => {
    const plugin = await startPlugin();
    const frame = plugin.createFrame({ width: 200, height: 100 });
    await plugin.receiveFromUi({ type: 'preview-image', requestId: 'r', nodeId: frame.id, bytes: png(8, 4, 10) });
    const preview = fillsOf(frame)[0]!;
    expect(preview.type).toBe('IMAGE');
    await plugin.receiveFromUi({ type: 'preview-image', requestId: 'r', nodeId: frame.id, bytes: png(8, 4, 20) });
    expect(fillsOf(frame)).toHaveLength(1);
    expect(fillsOf(frame)[0]!.imageHash).not.toBe(preview.imageHash);
    const final = png(8, 4, 30);
    await plugin.receiveFromUi({ type: 'apply-image', requestId: 'r', nodeId: frame.id, bytes: final, width: 8, height: 4, prompt: 'p' });
    expect(Buffer.from(plugin.images.bytes(fillsOf(frame)[0]!.imageHash as string)!).equals(Buffer.from(final))).toBe(true);
    expect(plugin.undoCommits).toBe(1);
    // Nothing left to restore once the final image is on the canvas.
    await plugin.receiveFromUi({ type: 'preview-end', requestId: 'r' });
    expect(Buffer.from(plugin.images.bytes(fillsOf(frame)[0]!.imageHash as string)!).equals(Buffer.from(final))).toBe(true);
  });

  it("puts the frame's previous fills back when the job stops or fails", async () => {
    const plugin = await startPlugin();
    const frame = plugin.createFrame({ fills: [{ type: 'SOLID', color: { r: 1, g: 0, b: 0 } }, { type: 'SOLID', color: { r: 0, g: 0, b: 1 }, opacity: 0.5 }] });
    const before = fillsOf(frame);
    await plugin.receiveFromUi({ type: 'preview-image', requestId: 'x', nodeId: frame.id, bytes: png(4, 4, 1) });
    expect(fillsOf(frame).map((f) => f.type)).toEqual(['IMAGE']);
    await plugin.receiveFromUi({ type: 'preview-end', requestId: 'x' });
    expect(fillsOf(frame)).toEqual(before);
    expect(plugin.undoCommits).toBe(0);
  });

  it('a frame locked while its image streamed gets its own fills back, and the image stays in the chat', async () => {
    const plugin = await startPlugin();
    const frame = plugin.createFrame();
    const before = fillsOf(frame);
    await plugin.receiveFromUi({ type: 'preview-image', requestId: 'l', nodeId: frame.id, bytes: png(4, 4, 1) });
    frame.locked = true;
    await plugin.receiveFromUi({ type: 'apply-image', requestId: 'l', nodeId: frame.id, bytes: png(4, 4, 2), width: 4, height: 4, prompt: 'p' });
    expect(plugin.sentToUi.at(-1)).toMatchObject({ type: 'apply-failed', requestId: 'l', reason: 'locked' });
    expect(fillsOf(frame)).toEqual(before);
  });

  it('ignores previews for deleted or locked frames and unreadable bytes', async () => {
    const plugin = await startPlugin();
    const locked = plugin.createFrame();
    locked.locked = true;
    await plugin.receiveFromUi({ type: 'preview-image', requestId: 'a', nodeId: locked.id, bytes: png(4, 4, 1) });
    expect(fillsOf(locked)[0]!.type).toBe('SOLID');
    const frame = plugin.createFrame();
    await plugin.receiveFromUi({ type: 'preview-image', requestId: 'b', nodeId: frame.id, bytes: new Uint8Array([1, 2, 3]) });
    expect(fillsOf(frame)[0]!.type).toBe('SOLID');
    frame.remove();
    await plugin.receiveFromUi({ type: 'preview-image', requestId: 'c', nodeId: frame.id, bytes: png(4, 4, 1) });
    await plugin.receiveFromUi({ type: 'preview-end', requestId: 'c' });
  });

  it("closing the plugin mid-stream puts every previewed frame's own fills back, synchronously as Figma requires", async () => {
    const plugin = await startPlugin();
    const a = plugin.createFrame({ fills: [{ type: 'SOLID', color: { r: 1, g: 0, b: 0 } }] });
    const b = plugin.createFrame({ fills: [{ type: 'SOLID', color: { r: 0, g: 0, b: 1 } }] });
    const [beforeA, beforeB] = [fillsOf(a), fillsOf(b)];
    await plugin.receiveFromUi({ type: 'preview-image', requestId: 'a', nodeId: a.id, bytes: png(4, 4, 1) });
    await plugin.receiveFromUi({ type: 'preview-image', requestId: 'b', nodeId: b.id, bytes: png(4, 4, 2) });
    b.locked = true;
    // The designer closes the window: Figma runs the close handlers, then destroys the plugin's environment.
    plugin.figma.closePlugin();
    expect(fillsOf(a)).toEqual(beforeA);
    expect(fillsOf(b)).toEqual(beforeB);
  });
});
