/**
 * The stand-in's pictures: real PNGs of exactly the requested size, a colour from the prompt and index so each
 * request's bytes are its own; partials are washed out. Encoded images are cached by their key.
 */
import { createHash } from 'node:crypto';
import { PNG } from 'pngjs';

const cache = new Map<string, Buffer>();
const CACHE_LIMIT = 256;

function colourOf(seed: string): [number, number, number] {
  const h = createHash('sha256').update(seed).digest();
  return [h[0]!, h[1]!, h[2]!];
}

function draw(width: number, height: number, seed: string, stage: number, realistic: boolean): Buffer {
  const png = new PNG({ width, height, colorType: 2, inputHasAlpha: true });
  const [r, g, b] = colourOf(seed);
  const wash = 1 - stage;
  let x32 = 2463534242;
  for (let i = 0; i < width * height; i++) {
    let n = 0;
    if (realistic) {
      x32 ^= x32 << 13;
      x32 ^= x32 >>> 17;
      x32 ^= x32 << 5;
      n = (x32 & 7) - 4;
    }
    const o = i * 4;
    png.data[o] = Math.max(0, Math.min(255, Math.round(r * (1 - wash) + 128 * wash + n)));
    png.data[o + 1] = Math.max(0, Math.min(255, Math.round(g * (1 - wash) + 128 * wash + n)));
    png.data[o + 2] = Math.max(0, Math.min(255, Math.round(b * (1 - wash) + 128 * wash + n)));
    png.data[o + 3] = 255;
  }
  return PNG.sync.write(png, { colorType: 2, deflateLevel: realistic ? 1 : 6 });
}

/** `stage` 1 is a final image; partial i of n uses (i + 1) / (n + 1). */
export function standInPng(width: number, height: number, seed: string, stage: number, realistic = false): Buffer {
  // Realistic images are costly to encode; they vary by size and stage only.
  const key = realistic ? `${width}x${height}:${stage}:noise` : `${width}x${height}:${stage}:${seed}`;
  let png = cache.get(key);
  if (!png) {
    png = draw(width, height, realistic ? 'noise' : seed, stage, realistic);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, png);
  }
  return png;
}

export function sizeOf(size: string | undefined, fallback = { width: 1024, height: 1024 }): { width: number; height: number } {
  const match = /^(\d+)x(\d+)$/.exec(size ?? '');
  return match ? { width: Number(match[1]), height: Number(match[2]) } : fallback;
}

/** The gpt-image-2 output-token formula (../shared/research/openai-images.md §7.1). */
export function outputTokens(quality: string, width: number, height: number): number {
  const f = quality === 'low' ? 16 : quality === 'medium' ? 48 : 96;
  const L = Math.max(width, height);
  const S = Math.min(width, height);
  const s = Math.floor((2 * f * S + L) / (2 * L));
  return Math.floor((f * s * (2_000_000 + width * height) + 4_000_000 - 1) / 4_000_000);
}
