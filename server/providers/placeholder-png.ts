/**
 * Draws the demo provider's placeholder: a two-colour diagonal gradient chosen from the prompt, with stripes
 * and a border so that its size and aspect are obvious on the canvas. Partial stages are washed out.
 */
import { createHash } from 'node:crypto';
import { PNG } from 'pngjs';

type Rgb = [number, number, number];

function coloursFor(seed: string): [Rgb, Rgb] {
  const h = createHash('sha256').update(seed).digest();
  const pick = (o: number): Rgb => [64 + (h[o]! % 160), 64 + (h[o + 1]! % 160), 64 + (h[o + 2]! % 160)];
  return [pick(0), pick(3)];
}

/** `progress` 1 is the final image; below 1 the picture is blended toward grey like an early partial. */
export function drawPlaceholder(width: number, height: number, seed: string, progress = 1): Buffer {
  const png = new PNG({ width, height, colorType: 2, inputHasAlpha: true });
  const [a, b] = coloursFor(seed);
  const wash = Math.max(0, Math.min(1, 1 - progress));
  const border = Math.max(2, Math.round(Math.min(width, height) / 64));
  const stripe = Math.max(8, Math.round(Math.min(width, height) / 12));
  const data = png.data;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = (x / width + y / height) / 2;
      const onBorder = x < border || y < border || x >= width - border || y >= height - border;
      const shade = Math.floor((x + y) / stripe) % 2 === 0 ? 1 : 0.9;
      const i = (y * width + x) * 4;
      for (let ch = 0; ch < 3; ch++) {
        const base = onBorder ? 255 : (a[ch]! * (1 - t) + b[ch]! * t) * shade;
        data[i + ch] = Math.round(base * (1 - wash) + 160 * wash);
      }
      data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png, { colorType: 2 });
}
