/**
 * The edit mask as the UI paints it, in Chromium's real canvas (Path2D, setTransform, fill rules): opaque everywhere
 * but exactly the pixels whose centres lie inside the shape, compared with the shape worked out independently.
 */
import * as esbuild from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTransform, invert, shapeToImage, type MaskFacts, type MaskRegion, type Point, type Transform } from '../../core/mask-geometry';
import { fillGeometryOf, radialPoints } from '../figma-fake/geometry';
import type * as maskModule from '../../ui/mask';
import { CHROMIUM, CHROMIUM_ARGS } from '../e2e/browser';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const bundle = await esbuild.build({ entryPoints: [join(root, 'ui/mask.ts')], bundle: true, write: false, format: 'iife', globalName: 'figmentMask', target: 'es2022' });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  page = await browser.newPage();
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
});
afterAll(async () => {
  await browser?.close();
});

type MaskModule = typeof maskModule;
declare global {
  interface Window {
    figmentMask: MaskModule;
  }
}

/** Alpha of every pixel of the painted mask. */
async function paint(region: MaskRegion): Promise<Uint8Array> {
  const alpha = await page.evaluate((r) => {
    const canvas = document.createElement('canvas');
    canvas.width = r.width;
    canvas.height = r.height;
    const data = window.figmentMask.paintMask(canvas.getContext('2d', { willReadFrequently: true })!, r).data;
    return Array.from({ length: r.width * r.height }, (_, i) => data[i * 4 + 3]!);
  }, region);
  return Uint8Array.from(alpha);
}

/** Non-zero winding number of a closed polygon around p. */
function winding(polygon: readonly Point[], p: Point): number {
  let w = 0;
  for (let i = 0; i < polygon.length; i++) {
    const a = polygon[i]!;
    const b = polygon[(i + 1) % polygon.length]!;
    const side = (b.x - a.x) * (p.y - a.y) - (p.x - a.x) * (b.y - a.y);
    if (a.y <= p.y && b.y > p.y && side > 0) w++;
    else if (a.y > p.y && b.y <= p.y && side < 0) w--;
  }
  return w;
}

const rotated = (deg: number, x: number, y: number): Transform => {
  const r = (deg * Math.PI) / 180;
  return [[Math.cos(r), Math.sin(r), x], [-Math.sin(r), Math.cos(r), y]];
};
const fill = { nodeWidth: 200, nodeHeight: 150, imageWidth: 240, imageHeight: 180, scaleMode: 'FILL' as const };

/** Compares every pixel with `inside` (undefined: on the edge, either way is right); returns the transparent count. */
function expectMask(alpha: Uint8Array, width: number, height: number, inside: (p: Point) => boolean | undefined): number {
  let clear = 0;
  const wrong: string[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const a = alpha[y * width + x]!;
      if (a !== 0 && a !== 255) wrong.push(`${x},${y}: alpha ${a}`);
      if (a === 0) clear++;
      const want = inside({ x: x + 0.5, y: y + 0.5 });
      if (want !== undefined && (a === 0) !== want) wrong.push(`${x},${y}: ${want ? 'inside' : 'outside'} but alpha ${a}`);
    }
  }
  expect(wrong.slice(0, 10)).toEqual([]);
  return clear;
}

describe('paintMask in Chromium', () => {
  it('a rotated star: transparent exactly where the pixel centre is inside', async () => {
    const facts: Omit<MaskFacts, 'paths'> = { width: 90, height: 80, shapeTransform: rotated(25, 40, 60), frameTransform: [[1, 0, 10], [0, 1, 5]], fill };
    const paths = fillGeometryOf('STAR', 90, 80, { pointCount: 5, innerRadius: 0.4 }, true) as MaskFacts['paths'];
    const transform = shapeToImage(facts)!;
    const alpha = await paint({ paths, transform, width: 240, height: 180 });
    // The star's own points (not its path text), through the same matrix.
    const star = radialPoints(5, [1, 0.4], 90, 80).map(([x, y]) => applyTransform(transform, { x, y }));
    const clear = expectMask(alpha, 240, 180, (p) => winding(star, p) !== 0);
    expect(clear).toBeGreaterThan(500);
  });

  it('a rotated ellipse matches the analytic ellipse (edge pixels within a tenth of a pixel either way)', async () => {
    const facts: Omit<MaskFacts, 'paths'> = { width: 120, height: 60, shapeTransform: rotated(-35, 60, 10), frameTransform: [[1, 0, 0], [0, 1, 0]], fill };
    const paths = fillGeometryOf('ELLIPSE', 120, 60, {}, true) as MaskFacts['paths'];
    const transform = shapeToImage(facts)!;
    const back = invert(transform)!;
    const scale = 240 / 200;
    const alpha = await paint({ paths, transform, width: 240, height: 180 });
    const clear = expectMask(alpha, 240, 180, (p) => {
      const l = applyTransform(back, p);
      const r = Math.hypot((l.x - 60) / 60, (l.y - 30) / 30);
      if (Math.abs(r - 1) * 30 * scale < 0.1) return undefined;
      return r < 1;
    });
    expect(clear).toBeGreaterThan(Math.PI * 60 * 30 * scale * scale * 0.98);
    expect(clear).toBeLessThan(Math.PI * 60 * 30 * scale * scale * 1.02);
  });

  it('follows the winding rule: even-odd leaves a hole, non-zero fills it', async () => {
    const rings = 'M 0 0 L 100 0 L 100 100 L 0 100 L 0 0 Z M 25 25 L 75 25 L 75 75 L 25 75 L 25 25 Z';
    const region = (windingRule: 'EVENODD' | 'NONZERO'): MaskRegion => ({ paths: [{ data: rings, windingRule }], transform: [[1, 0, 10], [0, 1, 10]], width: 120, height: 120 });
    const inSquare = (p: Point, lo: number, hi: number) => p.x > lo && p.x < hi && p.y > lo && p.y < hi;
    expectMask(await paint(region('EVENODD')), 120, 120, (p) => inSquare(p, 10, 110) && !inSquare(p, 35, 85));
    expectMask(await paint(region('NONZERO')), 120, 120, (p) => inSquare(p, 10, 110));
  });

  it('maskPng: a PNG of the image size, from the facts; a shape off the image is refused', async () => {
    const facts: MaskFacts = {
      paths: fillGeometryOf('RECTANGLE', 50, 40, {}, true) as MaskFacts['paths'],
      width: 50, height: 40, shapeTransform: [[1, 0, 100], [0, 1, 50]], frameTransform: [[1, 0, 0], [0, 1, 0]],
      fill: { ...fill, scaleMode: 'CROP', imageTransform: [[0.5, 0, 0.5], [0, 0.5, 0]] },
    };
    const b64 = await page.evaluate(async (f) => {
      const bytes = await window.figmentMask.maskPng(f);
      return btoa(String.fromCharCode(...bytes));
    }, facts);
    const png = PNG.sync.read(Buffer.from(b64, 'base64'));
    expect([png.width, png.height]).toEqual([240, 180]);
    // Frame (100..150, 50..90) -> unit (0.5..0.75, 1/3..0.6) -> crop (0.75..0.875, 1/6..0.3) -> px (180..210, 30..54).
    const alpha = Uint8Array.from({ length: 240 * 180 }, (_, i) => png.data[i * 4 + 3]!);
    expectMask(alpha, 240, 180, (p) => p.x > 180 && p.x < 210 && p.y > 30 && p.y < 54);
    const off = await page.evaluate((f) => window.figmentMask.maskPng(f).then(() => 'painted', (e: Error) => e.message), { ...facts, shapeTransform: [[1, 0, 900], [0, 1, 900]] as Transform });
    expect(off).toMatch(/does not overlap/);
  });
});
