/**
 * Threads and the style lock survive publishing: Figma gives a published plugin a new id, and private plugin data
 * is keyed by the id, so Figment keeps them as shared plugin data (namespace `figment`), moving what an earlier
 * version kept privately the first time it reads it.
 */
import { PNG } from 'pngjs';
import { describe, expect, it, vi } from 'vitest';
import type { MainToUi } from '../../contract/messages';
import { THREAD_KEY, writeThread, addVersion, emptyThread } from '../../core/thread';
import { createFakeFigma, createMemoryTransport, type FakeFigma } from '../figma-fake';
import { parseManifest } from '../figma-fake/manifest';

const manifest = parseManifest({ name: 'Figment', id: 'figment-gpt-image-dev', api: '1.0.0', main: 'code.js', relaunchButtons: [{ command: 'refine', name: 'Refine image' }] });
const png = (seed: number) => {
  const p = new PNG({ width: 8, height: 8 });
  p.data.fill(seed);
  return new Uint8Array(PNG.sync.write(p));
};

async function run(fake: FakeFigma) {
  Object.assign(globalThis, { figma: fake.figma, __html__: '<html></html>' });
  vi.resetModules();
  await import('../../src/main');
  await fake.run();
}
const lastFocus = (fake: FakeFigma) => fake.sentToUi.filter((m): m is Extract<MainToUi, { type: 'focus' }> => m.type === 'focus').at(-1)?.focus;

describe('data that survives publishing', () => {
  it("a thread written by the development build is read by the published build (a new plugin id) and by a teammate's build", async () => {
    const fake = createFakeFigma({ transport: createMemoryTransport(), manifest });
    await run(fake);
    const frame = fake.createFrame({ name: 'Hero' });
    await fake.receiveFromUi({ type: 'apply-image', requestId: 'r', nodeId: frame.id, bytes: png(1), width: 8, height: 8, prompt: 'a harbour' });
    for (const pluginId of ['1234567890123456789', 'teammate-build']) {
      fake.relaunch('refine', pluginId);
      await run(fake);
      await fake.select([frame.id]);
      expect(lastFocus(fake)).toMatchObject({ nodeId: frame.id, thread: { current: 1, versions: [{ prompt: 'a harbour' }] } });
    }
    expect(frame.relaunchButtons).toEqual([{ name: 'Refine image', description: 'Talk to this frame' }]);
  });

  it('moves a thread kept privately by an earlier version to the shared record, once', async () => {
    const fake = createFakeFigma({ transport: createMemoryTransport(), manifest });
    const hash = fake.images.create(png(2)).hash;
    const frame = fake.createFrame({ name: 'Old', fills: [{ type: 'IMAGE', imageHash: hash, scaleMode: 'FILL' }] });
    const old = writeThread(addVersion(emptyThread(), { parent: null, prompt: 'from last month', model: 'gpt-image-1', size: '1024x1024', quality: 'high', engine: 'images', imageHash: hash, at: 1 }));
    frame.setPluginData(THREAD_KEY, old);
    fake.root.setPluginData('figment.style', JSON.stringify({ enabled: true, palette: 'teal', lighting: '', mood: '', medium: '' }));
    await run(fake);
    await fake.select([frame.id]);
    expect(lastFocus(fake)?.thread.versions.map((v) => v.prompt)).toEqual(['from last month']);
    expect(frame.getSharedPluginData('figment', 'thread')).toBe(old);
    expect(frame.getPluginData(THREAD_KEY)).toBe('');
    await fake.receiveFromUi({ type: 'ready' });
    expect(fake.sentToUi.find((m) => m.type === 'design')).toMatchObject({ style: { enabled: true, palette: 'teal' } });
    expect(fake.root.getPluginData('figment.style')).toBe('');
    // After publishing (a new id), the moved thread is still there.
    fake.relaunch('', 'published-id');
    await run(fake);
    await fake.select([frame.id]);
    expect(lastFocus(fake)?.thread.versions.map((v) => v.prompt)).toEqual(['from last month']);
  });
});
