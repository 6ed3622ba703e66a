/**
 * The edit mask: a PNG of the image's own size, opaque everywhere except exactly inside the region's polygon,
 * where alpha is 0 (OpenAI edits what is transparent). Pixels are decided at their centres, without
 * anti-aliasing, so the region is the same whoever paints it.
 */
import type { Point } from '../core/mask-geometry';

/** RGBA pixels: opaque black, alpha 0 where the pixel centre lies inside the polygon (even-odd). */
export function maskPixels(polygon: readonly Point[], width: number, height: number): Uint8ClampedArray<ArrayBuffer> {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 3; i < data.length; i += 4) data[i] = 255;
  const xs: number[] = [];
  for (let row = 0; row < height; row++) {
    const y = row + 0.5;
    xs.length = 0;
    for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
      const a = polygon[i]!;
      const b = polygon[j]!;
      if (a.y > y !== b.y > y) xs.push(a.x + ((y - a.y) * (b.x - a.x)) / (b.y - a.y));
    }
    xs.sort((p, q) => p - q);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      // Pixel columns whose centre (col + 0.5) lies in [xs[k], xs[k+1]).
      const from = Math.max(0, Math.ceil(xs[k]! - 0.5));
      const to = Math.min(width, Math.ceil(xs[k + 1]! - 0.5));
      for (let col = from; col < to; col++) data[(row * width + col) * 4 + 3] = 0;
    }
  }
  return data;
}

/** Paints the mask on a canvas and encodes it as PNG bytes. */
export async function maskPng(mask: { polygon: readonly Point[]; width: number; height: number }): Promise<Uint8Array> {
  const canvas = document.createElement('canvas');
  canvas.width = mask.width;
  canvas.height = mask.height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This browser cannot paint the edit mask.');
  context.putImageData(new ImageData(maskPixels(mask.polygon, mask.width, mask.height), mask.width, mask.height), 0, 0);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('Could not encode the edit mask.');
  return new Uint8Array(await blob.arrayBuffer());
}
