/**
 * The mask of an adapt edit (issue 15), as RGBA pixels: opaque black where the master's pixels are, alpha 0 exactly
 * over the margins the model extends (OpenAI edits what is transparent in the mask). Pure; the UI encodes it as PNG.
 */
import type { Rect } from './adapt-geometry';
import type { PixelSize } from './sizing';

export function adaptMaskPixels(size: PixelSize, margins: readonly Rect[]): Uint8ClampedArray<ArrayBuffer> {
  const { width, height } = size;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 3; i < data.length; i += 4) data[i] = 255;
  for (const m of margins) {
    for (let y = Math.max(0, m.y); y < Math.min(height, m.y + m.height); y++) {
      for (let x = Math.max(0, m.x); x < Math.min(width, m.x + m.width); x++) data[(y * width + x) * 4 + 3] = 0;
    }
  }
  return data;
}
