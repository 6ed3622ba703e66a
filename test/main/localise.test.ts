/**
 * Localise on the main thread (issue 16): a translated image lands in a duplicate of its source frame (its layers and
 * text included) beside it, clear of everything, named with the language, its own thread recording the source; one
 * undo step per landed image; a deleted source makes nothing.
 */
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import type { MainToUi } from '../../contract/messages';
import { closerThan } from '../../core/adapt-geometry';
import { readThread } from '../../core/thread';
import { fillsOf, type FakeNode } from '../figma-fake';
import { startPlugin } from './setup';

type Plugin = Awaited<ReturnType<typeof startPlugin>>;
const lastOf = <T extends MainToUi['type']>(plugin: Plugin, type: T) => plugin.sentToUi.filter((m): m is Extract<MainToUi, { type: T }> => m.type === type).at(-1);
const png = (w: number, h: number, shade = 0) => {
  const p = new PNG({ width: w, height: h });
  p.data.fill(shade);
  return new Uint8Array(PNG.sync.write(p));
};
const version = { model: 'gpt-image-2', size: '1536x1024', quality: 'medium', engine: 'images' as const };
const box = (n: FakeNode) => ({ x: n.x, y: n.y, width: n.width, height: n.height });

/** A banner with an image and two text layers, and a card right of it, 40 px apart. */
function banners(plugin: Plugin) {
  const hash = plugin.figma.createImage(png(60, 40, 90)).hash;
  const hero = plugin.createFrame({ name: 'Hero', x: 0, y: 0, width: 600, height: 400, fills: [{ type: 'IMAGE', imageHash: hash, scaleMode: 'FILL' }] });
  plugin.createNode('TEXT', { name: 'Title', x: 20, y: 20, width: 300, height: 40, characters: 'Summer sale' }, hero);
  plugin.createNode('TEXT', { name: 'CTA', x: 20, y: 300, width: 120, height: 40, characters: 'Shop now' }, hero);
  const card = plugin.createFrame({ name: 'Card', x: 640, y: 0, width: 300, height: 300 });
  return { hero, card, hash };
}

const localised = (plugin: Plugin, requestId: string, source: FakeNode, language: string, shade: number) =>
  plugin.receiveFromUi({ type: 'apply-image', requestId, nodeId: null, bytes: png(60, 40, shade), width: 60, height: 40, prompt: `Localise: ${language}`, version, beside: { sourceId: source.id, name: `${source.name} / ${language}`, duplicate: true } });

describe('Localise on the main thread', () => {
  it('puts each translated image in a duplicate of the frame beside it, clear of everything, named with the language', async () => {
    const plugin = await startPlugin();
    const { hero, card, hash } = banners(plugin);
    const heroThread = hero.getSharedPluginData('figment', 'thread');
    const commits = plugin.undoCommits;
    await localised(plugin, 'fr', hero, 'French', 10);
    const fr = plugin.node(lastOf(plugin, 'applied')!.nodeId)!;
    await localised(plugin, 'de', hero, 'German', 20);
    const applied = lastOf(plugin, 'applied')!;
    const de = plugin.node(applied.nodeId)!;
    expect(plugin.undoCommits).toBe(commits + 2);
    expect(applied).toMatchObject({ type: 'applied', requestId: 'de', created: true });

    for (const [copy, name] of [[fr, 'Hero / French'], [de, 'Hero / German']] as const) {
      expect(copy.id).not.toBe(hero.id);
      expect(copy.name).toBe(name);
      expect(copy.parent).toBe(hero.parent);
      expect([copy.width, copy.height]).toEqual([600, 400]);
      expect(copy.y).toBe(hero.y);
      // Its layers came along (new nodes, same text), its image is the translated one.
      expect(copy.children.map((c) => [c.type, c.name, c.characters])).toEqual([['TEXT', 'Title', 'Summer sale'], ['TEXT', 'CTA', 'Shop now']]);
      expect(copy.children.every((c) => !hero.children.includes(c))).toBe(true);
      expect(fillsOf(copy)).toHaveLength(1);
      expect(fillsOf(copy)[0]).toMatchObject({ type: 'IMAGE', scaleMode: 'FILL' });
      expect(fillsOf(copy)[0]!.imageHash).not.toBe(hash);
      expect(readThread(copy.getSharedPluginData('figment', 'thread')).versions).toMatchObject([{ id: 1, parent: null, prompt: `Localise: ${name.split(' / ')[1]}`, source: hero.id }]);
    }
    expect(fillsOf(fr)[0]!.imageHash).not.toBe(fillsOf(de)[0]!.imageHash);
    // Nothing overlaps: not the source, not the card, not each other.
    const all = [hero, card, fr, de];
    for (const a of all) for (const b of all) if (a !== b) expect(closerThan(box(a), box(b), 0)).toBe(false);
    expect(fr.x).toBe(card.x + card.width + 40);
    expect(de.x).toBe(fr.x + fr.width + 40);
    // The source is as it was.
    expect(fillsOf(hero)).toEqual([{ type: 'IMAGE', imageHash: hash, scaleMode: 'FILL' }]);
    expect(hero.getSharedPluginData('figment', 'thread')).toBe(heroThread);
  });

  it("gives the copy's text layers the reviewed translations; a layer whose font is missing keeps its text, and the note says so", async () => {
    const plugin = await startPlugin(new Map(), { missingFonts: ['Brand Sans'] });
    const { hero } = banners(plugin);
    plugin.createNode('TEXT', { name: 'Legal', characters: 'Ts  &  Cs', fontName: { family: 'Brand Sans', style: 'Regular' } }, hero);
    plugin.createNode('TEXT', { name: 'Logo', characters: 'ACME' }, hero);
    const texts = { 'Summer sale': 'Soldes d’été', 'Shop now': 'Acheter', 'Ts & Cs': 'CGV' };
    await plugin.receiveFromUi({ type: 'apply-image', requestId: 'fr', nodeId: null, bytes: png(60, 40, 10), width: 60, height: 40, prompt: 'Localise: French', version, beside: { sourceId: hero.id, name: 'Hero / French', duplicate: true, texts } });
    const applied = lastOf(plugin, 'applied')!;
    const copy = plugin.node(applied.nodeId)!;
    expect(copy.children.map((c) => [c.name, c.characters])).toEqual([['Title', 'Soldes d’été'], ['CTA', 'Acheter'], ['Legal', 'Ts  &  Cs'], ['Logo', 'ACME']]);
    expect(hero.children.map((c) => c.characters)).toEqual(['Summer sale', 'Shop now', 'Ts  &  Cs', 'ACME']);
    expect(applied.note).toBe('“Legal” kept its text: its font is not available.');
    // The text is part of the same undo step as the copy.
    plugin.figma.triggerUndo();
    expect(copy.removed).toBe(true);
  });

  it('a text layer of two lines gets its translation with the line break', async () => {
    const plugin = await startPlugin();
    const { hero } = banners(plugin);
    plugin.createNode('TEXT', { name: 'Headline', characters: 'SUMMER \nSALE' }, hero);
    const texts = { 'SUMMER\nSALE': 'SOLDES\nD’ÉTÉ' };
    await plugin.receiveFromUi({ type: 'apply-image', requestId: 'fr', nodeId: null, bytes: png(60, 40, 10), width: 60, height: 40, prompt: 'Localise: French', version, beside: { sourceId: hero.id, name: 'Hero / French', duplicate: true, texts } });
    const copy = plugin.node(lastOf(plugin, 'applied')!.nodeId)!;
    expect(copy.children.find((c) => c.name === 'Headline')!.characters).toBe('SOLDES\nD’ÉTÉ');
  });

  it('one undo step per landed image: Undo takes the last copy away and leaves the first', async () => {
    const plugin = await startPlugin();
    const { hero } = banners(plugin);
    await localised(plugin, 'fr', hero, 'French', 10);
    const fr = plugin.node(lastOf(plugin, 'applied')!.nodeId)!;
    await localised(plugin, 'de', hero, 'German', 20);
    const de = plugin.node(lastOf(plugin, 'applied')!.nodeId)!;
    plugin.figma.triggerUndo();
    expect(de.removed).toBe(true);
    expect(fr.removed).toBe(false);
    expect(hero.parent!.children).toEqual(expect.arrayContaining([hero, fr]));
    expect(hero.parent!.children).not.toContain(de);
  });

  it('a deleted source makes nothing: the image stays in the chat', async () => {
    const plugin = await startPlugin();
    const { hero } = banners(plugin);
    const before = plugin.page.children.length;
    hero.remove();
    await localised(plugin, 'fr', hero, 'French', 10);
    expect(lastOf(plugin, 'apply-failed')).toMatchObject({ requestId: 'fr', reason: 'deleted', message: expect.stringMatching(/“Hero \/ French” was not made; the image is kept in the chat/) });
    expect(plugin.page.children.length).toBe(before - 1);
  });
});
