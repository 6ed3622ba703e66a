/**
 * Images Figma cannot take are made fit in the UI, in Chromium's real decoders and canvas: a WebP (as a Recent job
 * made with output_format webp returns it) becomes a PNG, an image over 4096 px a side is scaled down keeping its
 * aspect, and the bridge says so in the message the chat shows. The converted bytes then land on the canvas through
 * the main thread and the strict fake's createImage, which refuses the originals.
 */
import * as esbuild from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MainToUi, UiToMain } from '../../contract/messages';
import { startPlugin } from '../main/setup';
import { CHROMIUM, CHROMIUM_ARGS } from './browser';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const entry = `export { forFigma, cropToPng } from './ui/figma-image'; export { postToMain } from './ui/bridge';`;
  const bundle = await esbuild.build({ stdin: { contents: entry, resolveDir: root, loader: 'ts' }, bundle: true, write: false, format: 'iife', globalName: 'figmentImage', target: 'es2022' });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  page = await browser.newPage();
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
});
afterAll(async () => {
  await browser?.close();
});

/** An image drawn in Chromium (a gradient, so scaling shows) and encoded as `type`. */
async function encoded(type: 'image/webp' | 'image/png' | 'image/jpeg', width: number, height: number): Promise<Uint8Array> {
  const bytes = await page.evaluate(
    async ([t, w, h]) => {
      const canvas = document.createElement('canvas');
      [canvas.width, canvas.height] = [w as number, h as number];
      const c = canvas.getContext('2d')!;
      const g = c.createLinearGradient(0, 0, w as number, h as number);
      g.addColorStop(0, '#0d99ff');
      g.addColorStop(1, '#ff7556');
      c.fillStyle = g;
      c.fillRect(0, 0, w as number, h as number);
      const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), t as string, 0.9));
      const data = new Uint8Array(await blob.arrayBuffer());
      let binary = '';
      for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
      return btoa(binary);
    },
    [type, width, height] as const,
  );
  return new Uint8Array(Buffer.from(bytes, 'base64'));
}

interface FigmaImageResult {
  bytes: Uint8Array;
  width: number;
  height: number;
  note?: string;
}
/** Runs forFigma in Chromium; bytes cross as base64. */
async function forFigma(bytes: Uint8Array): Promise<FigmaImageResult> {
  const r = await page.evaluate(async (b64) => {
    const input = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const out = await (window as unknown as { figmentImage: { forFigma(x: Uint8Array): Promise<FigmaImageResult> } }).figmentImage.forFigma(input);
    let binary = '';
    for (let i = 0; i < out.bytes.length; i += 0x8000) binary += String.fromCharCode(...out.bytes.subarray(i, i + 0x8000));
    return { ...out, bytes: btoa(binary) };
  }, Buffer.from(bytes).toString('base64'));
  return { ...r, bytes: new Uint8Array(Buffer.from(r.bytes, 'base64')) };
}

async function applyOnCanvas(bytes: Uint8Array, width: number, height: number): Promise<MainToUi> {
  const plugin = await startPlugin();
  const frame = plugin.createFrame({ width: 300, height: 200 });
  await plugin.receiveFromUi({ type: 'apply-image', requestId: 'r', nodeId: frame.id, bytes, width, height, prompt: 'p' });
  return plugin.sentToUi.at(-1)!;
}

describe('images Figma cannot take, made fit in the UI', () => {
  it('a WebP becomes a PNG of the same size, and lands where the WebP itself is refused', async () => {
    const webp = await encoded('image/webp', 640, 400);
    expect(await applyOnCanvas(webp, 640, 400)).toMatchObject({ type: 'apply-failed', reason: 'invalid-image' });
    const fit = await forFigma(webp);
    expect(fit).toMatchObject({ width: 640, height: 400, note: 'Figma takes PNG, JPEG or GIF up to 4096 px a side: Converted from WebP to PNG.' });
    const png = PNG.sync.read(Buffer.from(fit.bytes));
    expect([png.width, png.height]).toEqual([640, 400]);
    expect(await applyOnCanvas(fit.bytes, 640, 400)).toMatchObject({ type: 'applied' });
  });

  it('a 4160x2080 PNG is scaled to 4096x2048, keeping its aspect; PNGs and JPEGs within the limit pass untouched', async () => {
    const big = await encoded('image/png', 4160, 2080);
    expect(await applyOnCanvas(big, 4160, 2080)).toMatchObject({ type: 'apply-failed', reason: 'invalid-image' });
    const fit = await forFigma(big);
    expect(fit).toMatchObject({ width: 4096, height: 2048, note: 'Figma takes PNG, JPEG or GIF up to 4096 px a side: Scaled from 4160×2080 to 4096×2048.' });
    expect(await applyOnCanvas(fit.bytes, 4096, 2048)).toMatchObject({ type: 'applied' });
    const small = await encoded('image/png', 300, 200);
    expect(Buffer.from((await forFigma(small)).bytes).equals(Buffer.from(small))).toBe(true);
    const jpeg = await encoded('image/jpeg', 320, 240);
    const same = await forFigma(jpeg);
    expect([same.width, same.height, same.note]).toEqual([320, 240, undefined]);
    expect(Buffer.from(same.bytes).equals(Buffer.from(jpeg))).toBe(true);
    // Encoding a 4K picture twice in software: room for a machine shared with other suites.
  }, 120_000);

  it('the bridge converts apply-image on its way and keeps every message in order', async () => {
    const webp = await encoded('image/webp', 64, 32);
    const sent = await page.evaluate(async (b64) => {
      const b = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const out: UiToMain[] = [];
      const original = window.parent.postMessage.bind(window.parent);
      window.parent.postMessage = ((m: { pluginMessage: UiToMain }) => out.push(m.pluginMessage)) as typeof window.postMessage;
      const { postToMain } = (window as unknown as { figmentImage: { postToMain(m: UiToMain): void } }).figmentImage;
      postToMain({ type: 'apply-image', requestId: 'w', nodeId: '1:2', bytes: b, width: 64, height: 32, prompt: 'p' });
      postToMain({ type: 'preview-end', requestId: 'w' });
      const immediately = out.length;
      // The conversion is asynchronous (a canvas re-encode): wait for both messages, generously on a loaded machine.
      for (let waited = 0; out.length < 2 && waited < 15_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      window.parent.postMessage = original;
      return { immediately, messages: out.map((m) => ({ type: m.type, ...(m.type === 'apply-image' ? { note: m.note, png: m.bytes[1] === 0x50 } : {}) })) };
    }, Buffer.from(webp).toString('base64'));
    expect(sent.immediately).toBe(0);
    expect(sent.messages).toEqual([{ type: 'apply-image', note: 'Figma takes PNG, JPEG or GIF up to 4096 px a side: Converted from WebP to PNG.', png: true }, { type: 'preview-end' }]);
  });

  it("an exported frame is cut out of its export: the crop the main thread names, at the frame's size", async () => {
    const plugin = await startPlugin();
    const frame = plugin.createFrame({ width: 50, height: 20, effects: [{ type: 'DROP_SHADOW', radius: 6, offset: { x: 0, y: 3 } }] });
    await plugin.receiveFromUi({ type: 'get-edit-input', requestId: 'e', nodeId: frame.id, referenceIds: [], maskId: null });
    const answer = plugin.sentToUi.at(-1)!;
    if (answer.type !== 'edit-input') throw new Error(answer.type);
    const { bytes, crop, width, height } = answer.input.image;
    const cut = await page.evaluate(
      async ([b64, c, w, h]) => {
        const input = Uint8Array.from(atob(b64 as string), (ch) => ch.charCodeAt(0));
        const api = (window as unknown as { figmentImage: { cropToPng(b: Uint8Array, c: unknown, w: number, h: number): Promise<Uint8Array> } }).figmentImage;
        const out = await api.cropToPng(input, c, w as number, h as number);
        return btoa(String.fromCharCode(...out));
      },
      [Buffer.from(bytes).toString('base64'), crop, width, height] as const,
    );
    const png = PNG.sync.read(Buffer.from(cut, 'base64'));
    expect([png.width, png.height]).toEqual([100, 40]);
    // Every pixel is the frame's own (opaque grey), none of the shadow's transparent margin.
    expect(png.data.filter((_, i) => i % 4 === 3).every((a) => a === 255)).toBe(true);
  });
});
