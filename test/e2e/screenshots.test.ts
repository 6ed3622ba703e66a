/**
 * Screenshots for the README, taken in Chromium through the host emulator with the demo provider: the plugin in
 * light and dark at 300, 380 and 800 px wide (issue 19: the layout is checked at each), its first run, and the
 * canvas beside it, several frames of different aspects filled by one prompt.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBackend, TOKEN, type TestBackend } from '../server/helpers';
import { readCaption } from '../server/read-caption';
import { configurePlugin, startE2E, type E2E } from './browser';

let e2e: E2E;
const backends: TestBackend[] = [];
beforeAll(async () => {
  e2e = await startE2E();
  mkdirSync('docs/screenshots', { recursive: true });
});
afterAll(async () => {
  await e2e?.close();
  await Promise.all(backends.map((b) => b.close(1000)));
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
