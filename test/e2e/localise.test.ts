/**
 * Issue 16's Localise in Chromium, through the host emulator, the real backend and the OpenAI stand-in: two frames
 * with images and text layers into two languages. The backend translates (one Responses request), the review shows
 * the translations, one is corrected, and nothing is paid for until Start; then four edits of the frames' own images
 * carry the reviewed translations, and four duplicates land beside the frames, clear of everything, named with the
 * language, each showing exactly the image the stand-in answered to its edit, its text layers translated.
 */
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN, type TestBackend } from '../server/helpers';
import type { StandIn } from '../standin';
import { standInTranslation } from '../standin/text-responses';
import { configurePlugin, type E2E } from './browser';
import { closeStack, startStack } from './stack';

let standIn: StandIn;
let backend: TestBackend;
let e2e: E2E;
beforeAll(async () => ({ standIn, backend, e2e } = await startStack()));
afterAll(() => closeStack({ standIn, backend, e2e }));

/** A flat picture of one colour (each frame its own, so its edit's input image says which frame it was). */
function picture(width: number, height: number, rgb: [number, number, number]): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) png.data.set([...rgb, 255], i * 4);
  return PNG.sync.write(png);
}

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const promptOf = (r: { form?: { fields: Record<string, unknown> } }) => String(r.form!.fields.prompt).replace(/\r\n/g, '\n');

describe('Localise', () => {
  it('two frames into two languages: reviewed translations, four edits of their images, four named duplicates beside them', async () => {
    const p = await e2e.open();
    const heroImage = picture(600, 400, [200, 40, 40]);
    const cardImage = picture(300, 300, [40, 40, 200]);
    const hero = await p.page.evaluate(([b64]) => window.figmaHost.createImageLayer({ name: 'Hero', x: 0, y: 0, width: 600, height: 400 }, b64!, 'FRAME'), [heroImage.toString('base64')] as const);
    await p.host.createNode('TEXT', { name: 'Title', x: 20, y: 20, width: 300, height: 40, characters: 'Summer sale' } as never, hero);
    await p.host.createNode('TEXT', { name: 'CTA', x: 20, y: 320, width: 120, height: 40, characters: 'Shop now' } as never, hero);
    const card = await p.page.evaluate(([b64]) => window.figmaHost.createImageLayer({ name: 'Card', x: 0, y: 500, width: 300, height: 300 }, b64!, 'FRAME'), [cardImage.toString('base64')] as const);
    await p.host.createNode('TEXT', { name: 'CTA', x: 20, y: 240, width: 120, height: 40, characters: 'Shop now' } as never, card);
    await configurePlugin(p, backend.url, TOKEN);
    await p.host.select([hero, card]);

    await p.ui.getByRole('button', { name: 'Localise…' }).click();
    await p.ui.getByRole('checkbox', { name: 'French' }).check();
    await p.ui.getByRole('textbox', { name: 'Other languages (names or codes, comma-separated)' }).fill('German');
    await p.ui.getByRole('button', { name: 'Translate for review' }).click();
    const review = p.ui.getByRole('region', { name: 'Review translations' });
    await review.waitFor({ timeout: 20_000 });
    const heroFrench = review.getByRole('textbox', { name: 'French for “Summer sale” in Hero' });
    expect(await heroFrench.inputValue()).toBe(standInTranslation('Summer sale', 'French'));
    expect(await review.getByRole('textbox', { name: 'German for “Shop now” in Card' }).inputValue()).toBe(standInTranslation('Shop now', 'German'));
    await heroFrench.fill('Soldes d’été');
    await review.getByText(/^4 edits \(2 frames × 2 languages\) · about \$\d+\.\d+ plus the input images/).waitFor();
    // One translation request; no paid edit before Start.
    expect(standIn.requests.filter((r) => r.path === '/v1/responses')).toHaveLength(1);
    expect(standIn.requests.filter((r) => r.path === '/v1/images/edits')).toHaveLength(0);
    await review.getByRole('button', { name: 'Start 4 edits' }).click();

    const names = ['Hero / French', 'Hero / German', 'Card / French', 'Card / German'];
    const made = await p.page.waitForFunction(
      (wanted) => {
        const host = window.figmaHost;
        const found = wanted.map((name) => host.nodeIds().find((id) => host.nodeInfo(id).name === name && !host.previewPending(id) && host.fillsOf(id).some((f) => f.type === 'IMAGE')));
        return found.every(Boolean) ? found : false;
      },
      names,
      { timeout: 30_000, polling: 200 },
    );
    const copies = (await made.jsonValue()) as string[];

    const edits = standIn.requests.filter((r) => r.path === '/v1/images/edits');
    expect(edits).toHaveLength(4);
    for (const e of edits) expect(e.requestErrors).toEqual([]);
    const sources = { Hero: heroImage, Card: cardImage };
    const boxes: Box[] = [await p.host.nodeInfo(hero), await p.host.nodeInfo(card)];
    for (const [i, id] of copies.entries()) {
      const [frame, language] = names[i]!.split(' / ') as ['Hero' | 'Card', string];
      const info = await p.host.nodeInfo(id);
      const source = await p.host.nodeInfo(frame === 'Hero' ? hero : card);
      expect([info.width, info.height, info.y]).toEqual([source.width, source.height, source.y]);
      expect(info.x).toBeGreaterThan(source.x + source.width);
      boxes.push(info);
      // Its edit: the source frame's own image, asking for this language with the reviewed lines.
      const edit = edits.find((e) => promptOf(e).includes(`into ${language}:`) && Buffer.from(e.form!.files.find((f) => f.field.startsWith('image'))!.bytes).equals(sources[frame]))!;
      expect(edit).toBeDefined();
      const lines = frame === 'Hero' ? ['Summer sale', 'Shop now'] : ['Shop now'];
      const translated = lines.map((l) => (frame === 'Hero' && language === 'French' && l === 'Summer sale' ? 'Soldes d’été' : standInTranslation(l, language)));
      expect(promptOf(edit)).toContain(lines.map((l, j) => `"${l}" becomes exactly "${translated[j]}"`).join('; '));
      // Its text layers say what its image now shows.
      expect(await p.host.textsOf(id)).toEqual(translated);
      // The copy shows exactly the image the stand-in answered to that edit.
      const reply = standIn.replies.find((r) => r.requestIndex === standIn.requests.indexOf(edit))!;
      const hash = (await p.host.fillsOf(id)).find((f) => f.type === 'IMAGE')!.imageHash as string;
      expect((await p.host.imageBytes(hash))!.equals(Buffer.from(reply.finals.at(-1)!))).toBe(true);
    }
    // The edited translation was sent, the stand-in's own was not.
    expect(edits.some((e) => promptOf(e).includes(`"Summer sale" becomes exactly "${standInTranslation('Summer sale', 'French')}"`))).toBe(false);
    // Nothing overlaps anything; the sources keep their images.
    for (const a of boxes) for (const b of boxes) if (a !== b) expect(overlaps(a, b)).toBe(false);
    expect(await p.host.textsOf(hero)).toEqual(['Summer sale', 'Shop now']);
    const heroHash = (await p.host.fillsOf(hero)).find((f) => f.type === 'IMAGE')!.imageHash as string;
    expect((await p.host.imageBytes(heroHash))!.equals(heroImage)).toBe(true);
    expect(p.errors).toEqual([]);
  }, 90_000);
});
