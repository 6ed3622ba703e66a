/**
 * Screenshots for the README, taken in Chromium through the host emulator with the demo provider: the plugin in
 * light and dark at 300, 380 and 800 px wide (issue 19: the layout is checked at each), its first run, and the
 * canvas beside it, several frames of different aspects filled by one prompt; and issue 16's finishing actions and
 * Recent (search with a filter, a job's detail view).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBackend, TOKEN, type TestBackend } from '../server/helpers';
import { readCaption } from '../server/read-caption';
import { startOpenAIStandIn, type StandIn } from '../standin';
import { configurePlugin, startE2E, type E2E } from './browser';

let e2e: E2E;
const backends: TestBackend[] = [];
const standIns: StandIn[] = [];
beforeAll(async () => {
  e2e = await startE2E();
  mkdirSync('docs/screenshots', { recursive: true });
});
afterAll(async () => {
  await e2e?.close();
  await Promise.all(backends.map((b) => b.close(1000)));
  await Promise.all(standIns.map((s) => s.close()));
});

const PROMPT = 'Rainy Tokyo street at night, neon reflections';
/** Frames of four aspects, laid out as a designer might: 16:9, square, 9:16 and a 4:1 banner under them. */
const FRAMES = [
  { name: 'Hero 16:9', width: 640, height: 360, x: 0, y: 0 },
  { name: 'Card 1:1', width: 360, height: 360, x: 690, y: 0 },
  { name: 'Story 9:16', width: 203, height: 360, x: 1100, y: 0 },
  { name: 'Banner 4:1', width: 1303, height: 326, x: 0, y: 420 },
];
const CANVAS_WIDTH = 1200;
/** The plugin window's widths the README shows: the narrowest Figma allows it, the default, and a wide one. */
const WIDTHS = [300, 380, 800] as const;
const HEIGHT = 620;

describe('README screenshots', () => {
  it.each(['light', 'dark'] as const)('%s theme', async (scheme) => {
    // A backend of its own per theme, so both pictures show the same budget. The demo provider draws the
    // placeholders, as a newcomer without a key would see them.
    const backend = await startTestBackend({ config: { demoDelayMs: 10 } });
    backends.push(backend);
    const p = await e2e.open({ colorScheme: scheme });
    await p.page.setViewportSize({ width: 900, height: 760 });
    const shoot = (path: string) => p.page.locator('#plugin-ui').screenshot({ path });
    if (scheme === 'light') {
      await p.ui.getByRole('heading', { name: "Connect to your team's Figment server" }).waitFor();
      await shoot('docs/screenshots/first-run-light.png');
    }
    const ids = [];
    for (const frame of FRAMES) ids.push(await p.host.createFrame(frame));
    await configurePlugin(p, backend.url, TOKEN);
    await p.host.select(ids);
    const prompt = p.ui.getByRole('textbox', { name: 'Prompt' });
    await prompt.fill(PROMPT);
    await prompt.press('Enter');
    const hashes = [];
    for (const id of ids) hashes.push(await p.imageFillOf(id, 60_000));
    await p.ui.getByRole('img', { name: /Generated image for Banner 4:1/ }).waitFor();
    // The budget line catches up after all four images (4 of the default 500 a day).
    await p.ui.getByText(/Left today: 496 images/).waitFor();
    const theme = await p.page.frames()[1]!.evaluate(() => document.documentElement.className);
    expect(theme).toBe(`figma-${scheme}`);
    // Themed controls: a checkbox is drawn in the theme's background, not the browser's white box in the dark.
    await p.ui.getByRole('button', { name: 'Prompt options' }).click();
    const checkbox = p.ui.getByRole('checkbox', { name: 'Prompt from layer names' });
    const [checkboxBg, pageBg] = await checkbox.evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(document.body).backgroundColor]);
    expect(checkboxBg).toBe(pageBg);
    expect(pageBg).toBe(scheme === 'dark' ? 'rgb(44, 44, 44)' : 'rgb(255, 255, 255)');
    await p.ui.getByRole('button', { name: 'Prompt options' }).click();
    // The pictures show the panel at rest: the pointer off it (no tooltip), the focus in the prompt.
    await p.page.mouse.move(0, 0);
    await prompt.focus();
    for (const width of WIDTHS) {
      // As the resize grip asks for it (ResizeGrip.tsx): the main thread resizes the window.
      await p.page.frames()[1]!.evaluate(([w, h]) => parent.postMessage({ pluginMessage: { type: 'resize-window', width: w, height: h, persist: false } }, '*'), [width, HEIGHT]);
      await expect.poll(() => p.windowSize()).toEqual({ width, height: HEIGHT });
      // The prompt bar stays in the window at every width: its bottom edge is inside the plugin's.
      const box = (await p.page.locator('#plugin-ui').boundingBox())!;
      const generate = (await p.ui.getByRole('button', { name: 'Generate' }).boundingBox())!;
      expect(generate.y + generate.height, `${scheme} ${width}`).toBeLessThanOrEqual(box.y + box.height);
      await shoot(`docs/screenshots/plugin-${scheme}-${width}.png`);
    }
    if (scheme !== 'light') return;

    // Each frame's image says which prompt and size it stands for.
    for (const [i, hash] of hashes.entries()) {
      const caption = readCaption((await p.host.imageBytes(hash))!);
      expect(caption.lines.slice(0, 2), FRAMES[i]!.name).toEqual(['RAINY TOKYO', 'STREET AT…']);
      expect(caption.lines[2]).toMatch(/^\d+x\d+ DEMO$/);
    }
    // The canvas: every frame drawn with its image, then saved beside the plugin's picture.
    await p.page.evaluate((width) => window.figmaHost.renderCanvas(width), CANVAS_WIDTH);
    const canvas = p.page.getByRole('img', { name: /^Canvas: / });
    expect(await canvas.count()).toBe(1);
    expect(await canvas.getAttribute('aria-label')).toBe(`Canvas: ${FRAMES.map((f) => f.name).join(', ')}`);
    const path = 'docs/screenshots/canvas.png';
    await canvas.screenshot({ path });
    const shot = PNG.sync.read(readFileSync(path));
    expect(shot.width).toBe(CANVAS_WIDTH);
    // The frames show their images, not the frames' white default fill: the middle of each is not blank.
    const box = (await canvas.boundingBox())!;
    for (const name of FRAMES.map((f) => f.name)) {
      const frame = (await p.page.locator(`#figma-canvas [data-node-name="${name}"]`).boundingBox())!;
      const x = Math.round(frame.x - box.x + frame.width / 2);
      const y = Math.round(frame.y - box.y + frame.height / 4);
      const i = (y * shot.width + x) * 4;
      expect([shot.data[i], shot.data[i + 1], shot.data[i + 2]], name).not.toEqual([255, 255, 255]);
    }
    // Four large demo images, each streamed with partials: more than the default 30 s on a loaded machine.
  }, 120_000);

  it('Localise review (light, 380 px)', async () => {
    // Translation needs a text model, which demo mode lacks: the OpenAI stand-in plays OpenAI here.
    const standIn = await startOpenAIStandIn();
    standIns.push(standIn);
    const backend = await startTestBackend({ env: { OPENAI_API_KEY: standIn.apiKey, OPENAI_BASE_URL: standIn.baseURL } });
    backends.push(backend);
    const p = await e2e.open({ colorScheme: 'light' });
    await p.page.setViewportSize({ width: 900, height: 760 });
    const png = new PNG({ width: 64, height: 36 });
    png.data.fill(180);
    const hero = await p.page.evaluate(([b64]) => window.figmaHost.createImageLayer({ name: 'Hero', width: 640, height: 360 }, b64!, 'FRAME'), [PNG.sync.write(png).toString('base64')] as const);
    await p.host.createNode('TEXT', { name: 'Title', characters: 'Summer sale' } as never, hero);
    await p.host.createNode('TEXT', { name: 'CTA', characters: 'Shop now' } as never, hero);
    await configurePlugin(p, backend.url, TOKEN);
    await p.host.select([hero]);
    await p.page.frames()[1]!.evaluate(([w, h]) => parent.postMessage({ pluginMessage: { type: 'resize-window', width: w, height: h, persist: false } }, '*'), [380, HEIGHT]);
    await expect.poll(() => p.windowSize()).toEqual({ width: 380, height: HEIGHT });
    await p.ui.getByRole('button', { name: 'Localise…' }).click();
    await p.ui.getByRole('checkbox', { name: 'French' }).check();
    await p.ui.getByRole('checkbox', { name: 'German' }).check();
    await p.ui.getByRole('button', { name: 'Translate for review' }).click();
    const review = p.ui.getByRole('region', { name: 'Review translations' });
    await review.waitFor({ timeout: 20_000 });
    // As a designer would leave them after review (the stand-in only tags the source text).
    const words: Array<[string, string, string]> = [['French', 'Summer sale', 'Soldes d’été'], ['French', 'Shop now', 'Acheter'], ['German', 'Summer sale', 'Sommerschlussverkauf'], ['German', 'Shop now', 'Jetzt kaufen']];
    for (const [language, line, text] of words) await review.getByRole('textbox', { name: `${language} for “${line}” in Hero` }).fill(text);
    await review.getByText(/^2 edits \(1 frame × 2 languages\)/).waitFor();
    await p.page.mouse.move(0, 0);
    await p.page.locator('#plugin-ui').screenshot({ path: 'docs/screenshots/localise-review-light.png' });
  }, 60_000);
});

/** A 600x400 "photo" for the finishing picture: a sky gradient over a dark subject in the middle. */
function photo(): Buffer {
  const png = new PNG({ width: 600, height: 400 });
  for (let y = 0; y < 400; y++)
    for (let x = 0; x < 600; x++) {
      const subject = (x - 300) ** 2 + (y - 230) ** 2 < 90 ** 2;
      png.data.set(subject ? [40, 44, 52, 255] : [120 + (y % 100), 170, 230 - (x % 60), 255], (y * 600 + x) * 4);
    }
  return PNG.sync.write(png);
}

describe('README screenshots of issue 16', () => {
  it('finishing actions on a plain image layer', async () => {
    const backend = await startTestBackend({ config: { demoDelayMs: 10 } });
    backends.push(backend);
    const p = await e2e.open({ colorScheme: 'light' });
    await p.page.setViewportSize({ width: 900, height: 760 });
    const layer = await p.page.evaluate(([b64]) => window.figmaHost.createImageLayer({ name: 'Product photo', width: 600, height: 400 }, b64!), [photo().toString('base64')] as const);
    await configurePlugin(p, backend.url, TOKEN);
    await p.host.select([layer]);
    const finish = p.ui.getByRole('region', { name: 'Finish this image' });
    await finish.getByRole('button', { name: 'Remove background' }).waitFor();
    // Fix the text opened, with the copy the image should show typed in.
    await finish.getByRole('button', { name: 'Fix the text' }).click();
    await finish.getByRole('group', { name: 'Fix the text' }).getByRole('textbox').fill('Summer sale\n20 % off everything');
    await finish.getByRole('button', { name: 'Replace the text' }).waitFor();
    await p.page.mouse.move(0, 0);
    await p.page.locator('#plugin-ui').screenshot({ path: 'docs/screenshots/finishing.png' });
    expect(PNG.sync.read(readFileSync('docs/screenshots/finishing.png')).width).toBeGreaterThan(0);
  }, 60_000);

  it('Recent: search with a filter, and the detail view', async () => {
    const backend = await startTestBackend({ config: { demoDelayMs: 10 } });
    backends.push(backend);
    const p = await e2e.open({ colorScheme: 'light' });
    await p.page.setViewportSize({ width: 900, height: 760 });
    const tokyo = await p.host.createFrame({ name: 'Hero 16:9', width: 640, height: 360 });
    const tram = await p.host.createFrame({ name: 'Card 1:1', width: 360, height: 360, x: 690, y: 0 });
    await configurePlugin(p, backend.url, TOKEN);
    for (const [frame, prompt] of [
      [tokyo, PROMPT],
      [tram, 'A red tram in the rain, seen from the platform'],
    ] as const) {
      await p.host.select([frame]);
      await p.sendPrompt(prompt);
      await p.imageFillOf(frame, 60_000);
    }
    await p.host.select([]);
    await p.ui.getByRole('button', { name: 'Recent' }).click();
    const panel = p.ui.getByRole('region', { name: 'Recent' });
    const list = panel.getByRole('list', { name: 'Recent images' });
    await expect.poll(() => list.getByRole('img').count(), { timeout: 20_000 }).toBe(2);
    await panel.getByRole('radiogroup', { name: 'Show' }).getByText('This file', { exact: true }).click();
    await panel.getByRole('searchbox', { name: 'Search recent' }).fill('rain');
    await expect.poll(() => list.locator('.recent-prompt').allTextContents(), { timeout: 20_000 }).toHaveLength(2);
    await p.page.mouse.move(0, 0);
    await p.page.locator('#plugin-ui').screenshot({ path: 'docs/screenshots/recent.png' });

    await list.getByRole('button', { name: /^Details of the image from/ }).first().click();
    const detail = panel.getByRole('region', { name: 'Recent image details' });
    await detail.getByRole('img').waitFor();
    await detail.getByRole('button', { name: 'Use this prompt again' }).waitFor();
    await p.page.locator('#plugin-ui').screenshot({ path: 'docs/screenshots/recent-detail.png' });
    expect(PNG.sync.read(readFileSync('docs/screenshots/recent-detail.png')).width).toBeGreaterThan(0);
  }, 90_000);
});

/**
 * Images from the design itself (issue 15), one picture per workflow for the README: a wireframe and its mockup
 * beside it, a master adapted to three sizes (and the panel's adapt choices), an anchored set of four.
 */
describe('README screenshots: from the design', () => {
  const demo = async () => {
    const backend = await startTestBackend({ config: { demoDelayMs: 10 } });
    backends.push(backend);
    const p = await e2e.open({ colorScheme: 'light' });
    await p.page.setViewportSize({ width: 900, height: 760 });
    return { p, backend };
  };
  const shootCanvas = async (p: Awaited<ReturnType<typeof demo>>['p'], path: string, names: string[]) => {
    await p.page.evaluate((width) => window.figmaHost.renderCanvas(width), 900);
    const canvas = p.page.getByRole('img', { name: /^Canvas: / });
    expect(await canvas.getAttribute('aria-label')).toBe(`Canvas: ${names.join(', ')}`);
    await canvas.screenshot({ path });
  };

  it('frame to image: the wireframe and its mockup beside it', async () => {
    const { p, backend } = await demo();
    const wire = await p.host.createFrame({ name: 'Checkout', x: 0, y: 0, width: 300, height: 450, fills: [{ type: 'SOLID', color: { r: 1, g: 1, b: 1 } }] });
    await p.host.createNode('RECTANGLE', { name: 'Image box', x: 20, y: 20, width: 260, height: 180, fills: [{ type: 'SOLID', color: { r: 0.8, g: 0.8, b: 0.8 } }] } as never, wire);
    await p.host.createNode('RECTANGLE', { name: 'Button', x: 20, y: 380, width: 260, height: 48, fills: [{ type: 'SOLID', color: { r: 0.2, g: 0.4, b: 1 } }] } as never, wire);
    await configurePlugin(p, backend.url, TOKEN);
    await p.host.select([wire]);
    await p.ui.getByRole('checkbox', { name: 'Render the frame as a wireframe' }).check();
    await p.sendPrompt('A polished checkout screen for a coffee shop');
    await p.page.waitForFunction(() => window.figmaHost.nodeIds().some((id) => window.figmaHost.nodeInfo(id).name === 'Checkout / mockup' && window.figmaHost.fillsOf(id).some((f) => f.type === 'IMAGE')), undefined, { timeout: 60_000 });
    await shootCanvas(p, 'docs/screenshots/from-design-render.png', ['Checkout', 'Checkout / mockup']);
  }, 120_000);

  it('adapt to sizes: the panel choices, then the master in three sizes', async () => {
    const { p, backend } = await demo();
    const hero = await p.host.createFrame({ name: 'Hero', x: 0, y: 0, width: 480, height: 270 });
    const frames = [
      await p.host.createFrame({ name: 'Story 9:16', x: 520, y: 0, width: 152, height: 270 }),
      await p.host.createFrame({ name: 'Post 1:1', x: 712, y: 0, width: 270, height: 270 }),
      await p.host.createFrame({ name: 'Banner 3:1', x: 0, y: 310, width: 810, height: 270 }),
    ];
    await configurePlugin(p, backend.url, TOKEN);
    // The master: an image made first.
    await p.host.select([hero]);
    await p.sendPrompt('A surfer on a turquoise wave at sunrise');
    await p.imageFillOf(hero, 60_000);
    await p.host.select([hero, ...frames]);
    await p.ui.getByRole('checkbox', { name: 'Adapt to sizes' }).check();
    await p.ui.getByRole('combobox', { name: 'Placement' }).selectOption('anchor');
    await p.page.mouse.move(0, 0);
    await p.page.locator('#plugin-ui').screenshot({ path: 'docs/screenshots/from-design-adapt-panel.png' });
    await p.sendPrompt('keep the sunrise light');
    for (const id of frames) await p.imageFillOf(id, 60_000);
    await shootCanvas(p, 'docs/screenshots/from-design-adapt.png', ['Hero', 'Story 9:16', 'Post 1:1', 'Banner 3:1']);
  }, 120_000);

  it('consistent sets: four frames anchored on the first', async () => {
    const { p, backend } = await demo();
    const names = ['Mascot waving', 'Mascot reading', 'Mascot cooking', 'Mascot sleeping'];
    const ids = [];
    for (const [i, name] of names.entries()) ids.push(await p.host.createFrame({ name, x: i * 220, y: 0, width: 200, height: 200 }));
    await configurePlugin(p, backend.url, TOKEN);
    await p.host.select(ids);
    await p.ui.getByRole('checkbox', { name: 'Same subject in every frame' }).check();
    await p.sendPrompt('a friendly red fox mascot');
    for (const id of ids) await p.imageFillOf(id, 60_000);
    await shootCanvas(p, 'docs/screenshots/from-design-anchored.png', names);
  }, 120_000);
});
