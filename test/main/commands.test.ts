/**
 * Issue 19, main thread: the plugin menu and relaunch commands (src/commands.ts) on the fake `figma`, each opening
 * no more UI than it needs, with a start notice that has a Cancel button.
 */
import { PNG } from 'pngjs';
import { describe, expect, it, vi } from 'vitest';
import type { MainToUi } from '../../contract/messages';
import { readThread } from '../../core/thread';
import { CANCEL_GRACE_MS } from '../../src/commands';
import { createFakeFigma, createMemoryTransport, fillsOf, type FakeNode } from '../figma-fake';

const png = (seed: number) => {
  const p = new PNG({ width: 96, height: 64 });
  p.data.fill(seed);
  return new Uint8Array(PNG.sync.write(p));
};
const meta = { model: 'gpt-image-2', size: '1536x1024', quality: 'medium', engine: 'images' } as const;
const SETTINGS = { backendUrl: 'http://localhost:8787', accessToken: 'a-token-of-sixteen+' };

/** A file with "Hero" filled twice (v1 "a lighthouse", v2 "warmer light"), and a fake ready to run a command on it. */
async function fileWithHero() {
  const transport = createMemoryTransport();
  const fake = createFakeFigma({ transport, clientStorage: new Map<string, unknown>([['figment.settings', SETTINGS]]) });
  await runMain(fake);
  const hero = fake.createFrame({ name: 'Hero', width: 300, height: 200 });
  for (const [seed, prompt] of [[1, 'a lighthouse'], [2, 'warmer light']] as const) {
    await fake.receiveFromUi({ type: 'apply-image', requestId: prompt, nodeId: hero.id, bytes: png(seed), width: 96, height: 64, prompt, version: meta });
  }
  return { fake, transport, hero };
}
type Fake = Awaited<ReturnType<typeof fileWithHero>>['fake'];

async function runMain(fake: Fake, parameters?: Record<string, string>) {
  Object.assign(globalThis, { figma: fake.figma, __html__: '<html></html>' });
  vi.resetModules();
  await import('../../src/main');
  await fake.run(parameters);
}

/** Runs the plugin again from the menu or a relaunch button, with the selection given. */
async function runCommand(fake: Fake, command: string, select: FakeNode[], parameters?: Record<string, string>) {
  await fake.select(select.map((n) => n.id));
  fake.relaunch(command);
  await runMain(fake, parameters);
}
const sent = (fake: Fake, type: MainToUi['type']) => fake.sentToUi.filter((m) => m.type === type);
const hashOf = (node: FakeNode) => fillsOf(node).find((p) => p.type === 'IMAGE')?.imageHash;

describe('menu and relaunch commands', () => {
  it('Restore previous version puts the parent version back, with no window at all', async () => {
    const { fake, transport, hero } = await fileWithHero();
    const v2 = hashOf(hero);
    const opened = transport.opened.length;
    await runCommand(fake, 'restore-previous', [hero]);
    expect(transport.opened.length).toBe(opened);
    expect(readThread(hero.getSharedPluginData('figment', 'thread')).current).toBe(1);
    expect(hashOf(hero)).not.toBe(v2);
    expect(fake.notifications.at(-1)).toEqual({ message: 'Restored v1 of “Hero”.' });
    expect(fake.closed).toBe(true);
    // At v1 there is nothing earlier: it says so, as an error, and still opens nothing.
    await runCommand(fake, 'restore-previous', [hero]);
    expect(fake.notifications.at(-1)).toEqual({ message: '“Hero” has no earlier version.', error: true });
  });

  it('Regenerate sends the current prompt from a hidden window as a fresh image (no focus), with a Cancel notice', async () => {
    const { fake, transport, hero } = await fileWithHero();
    await runCommand(fake, 'regenerate', [hero]);
    expect(transport.opened.at(-1)!.options).toMatchObject({ visible: false });
    expect(fake.shownWithButtons()).toEqual([{ message: 'Figment is regenerating “Hero”…', button: 'Cancel' }]);
    await fake.receiveFromUi({ type: 'ready' });
    // The hidden window generates rather than edits: it hears of no focus, then the prompt.
    expect(sent(fake, 'focus').at(-1)).toEqual({ type: 'focus', focus: null });
    expect(sent(fake, 'quick-action').at(-1)).toEqual({ type: 'quick-action', prompt: 'warmer light' });
    await fake.receiveFromUi({ type: 'quick-action-done', filled: 1, failed: 0 });
    expect(fake.shownWithButtons()).toEqual([]);
    expect(fake.notifications.at(-1)).toEqual({ message: 'Figment filled 1 frame.' });
    expect(fake.closed).toBe(true);
  });

  it('Cancel on the start notice asks the UI to cancel the jobs, and closes once it reports', async () => {
    const { fake, hero } = await fileWithHero();
    await runCommand(fake, 'generate', [hero], { prompt: 'a red tram' });
    expect(fake.shownWithButtons()).toEqual([{ message: 'Figment is generating the selected frame…', button: 'Cancel' }]);
    fake.pressNotificationButton('Cancel');
    expect(fake.shownWithButtons()).toEqual([]);
    expect(fake.sentToUi.at(-1)).toEqual({ type: 'cancel-work' });
    expect(fake.closed).toBe(false);
    await fake.receiveFromUi({ type: 'quick-action-done', filled: 0, failed: 0, message: 'Figment stopped; the backend cancelled its unfinished jobs.' });
    expect(fake.closed).toBe(true);
    expect(fake.notifications.at(-1)).toMatchObject({ message: 'Figment stopped; the backend cancelled its unfinished jobs.' });
  });

  it('Cancel closes the plugin anyway when the UI does not answer in time', async () => {
    const { fake, hero } = await fileWithHero();
    await runCommand(fake, 'generate', [hero], { prompt: 'a red tram' });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      fake.pressNotificationButton('Cancel');
      vi.advanceTimersByTime(CANCEL_GRACE_MS - 1);
      expect(fake.closed).toBe(false);
      vi.advanceTimersByTime(1);
      expect(fake.closed).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('Regenerate and Edit region explain, without a window, what the selection lacks', async () => {
    const { fake, transport, hero } = await fileWithHero();
    const plain = fake.createFrame({ name: 'Empty', width: 100, height: 100, x: 400 });
    const opened = transport.opened.length;
    await runCommand(fake, 'regenerate', [plain]);
    expect(fake.notifications.at(-1)).toEqual({ message: 'Select a frame Figment filled to regenerate it.', error: true });
    await runCommand(fake, 'edit-region', [hero], { prompt: 'a red door' });
    expect(fake.notifications.at(-1)).toEqual({ message: 'Draw a shape over the part of “Hero” to change, and select it with the frame.', error: true });
    expect(transport.opened.length).toBe(opened);
  });

  it('Edit region with a shape over the frame edits it in a hidden window; Variations opens the panel', async () => {
    const { fake, transport, hero } = await fileWithHero();
    const spot = fake.createNode('ELLIPSE', { name: 'Spot', width: 40, height: 40, x: 20, y: 20 });
    await runCommand(fake, 'edit-region', [hero, spot], { prompt: 'a red door' });
    expect(transport.opened.at(-1)!.options).toMatchObject({ visible: false });
    await fake.receiveFromUi({ type: 'ready' });
    expect(sent(fake, 'focus').at(-1)).toMatchObject({ focus: { nodeId: hero.id, mask: { id: spot.id } } });
    expect(sent(fake, 'quick-action').at(-1)).toEqual({ type: 'quick-action', prompt: 'a red door' });
    await runCommand(fake, 'variations', [hero]);
    expect(transport.opened.at(-1)!.options).toMatchObject({ visible: true });
  });
});
