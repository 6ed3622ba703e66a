/**
 * Drag to apply, the main thread's side (src/drop.ts): Figma's drop event after the UI's pluginDrop names the layer
 * under the drop; a Figment image there is handed to the UI to apply; anything else keeps Figma's default.
 */
import { describe, expect, it } from 'vitest';
import type { KeptImage } from '../../contract/drop-messages';
import type { MainToUi } from '../../contract/messages';
import { startPlugin } from './setup';

const image: KeptImage = { figment: 'kept-image', url: '/v1/jobs/job_1/images/0', jobId: 'job_1', size: '1024x1024', model: 'gpt-image-2', quality: 'medium', prompt: 'a red tram' };
const droppedOf = (sent: MainToUi[]) => sent.filter((m) => m.type === 'dropped') as Array<Extract<MainToUi, { type: 'dropped' }>>;

describe('drop', () => {
  it('hands a Figment image dropped on a frame to the UI with that frame as the target, and stops the default drop', async () => {
    const plugin = await startPlugin();
    await plugin.receiveFromUi({ type: 'ready' });
    plugin.createFrame({ name: 'Left', width: 200, height: 100, x: 0, y: 0 });
    const right = plugin.createFrame({ name: 'Right', width: 300, height: 150, x: 400, y: 0 });
    expect(plugin.drop(450, 60, image)).toBe(false);
    expect(droppedOf(plugin.sentToUi)).toEqual([
      { type: 'dropped', image, target: { id: right.id, name: 'Right', nodeType: 'FRAME', width: 300, height: 150, hasImageFill: false } },
    ]);
  });

  it('finds a shape on the page under the drop (Figma names the page for layers that cannot be parents)', async () => {
    const plugin = await startPlugin();
    await plugin.receiveFromUi({ type: 'ready' });
    const rect = plugin.createNode('RECTANGLE', { name: 'Photo', width: 120, height: 80, x: 50, y: 50 });
    expect(plugin.drop(60, 60, image)).toBe(false);
    expect(droppedOf(plugin.sentToUi).map((m) => m.target.id)).toEqual([rect.id]);
  });

  it('says where to drop when nothing fillable is under it, and leaves drops that are not Figment images to Figma', async () => {
    const plugin = await startPlugin();
    await plugin.receiveFromUi({ type: 'ready' });
    plugin.createFrame({ name: 'Card', width: 100, height: 100, x: 0, y: 0 });
    expect(plugin.drop(500, 500, image)).toBe(false);
    expect(plugin.notifications.at(-1)).toEqual({ message: 'Drop the image onto a frame or a shape to fill it.', error: true });
    expect(plugin.drop(10, 10, { something: 'else' })).toBe(true);
    expect(plugin.drop(10, 10)).toBe(true);
    expect(droppedOf(plugin.sentToUi)).toEqual([]);
  });
});
