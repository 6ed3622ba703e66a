/**
 * Adapt to sizes (issue 15), in the browser: the target's request-sized canvas with the master's pixels drawn where
 * core/adapt-geometry.ts placed them (the margins left transparent), and the mask, alpha 0 exactly over the margins.
 * Both are PNGs of the request's size, as OpenAI's edits want the image and its mask.
 */
import type { AdaptGeometry } from '../core/adapt-geometry';
import { adaptMaskPixels } from '../core/adapt-mask';
import type { PixelSize } from '../core/sizing';

function canvasOf(size: PixelSize): { canvas: HTMLCanvasElement; context: CanvasRenderingContext2D } {
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This browser cannot draw the adapted image.');
  return { canvas, context };
}

async function pngOf(canvas: HTMLCanvasElement): Promise<Uint8Array> {
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('Could not encode the adapted image as PNG.');
  return new Uint8Array(await blob.arrayBuffer());
}

/** The canvas and the mask for one target: `size` is the request's size, `geometry` from adaptGeometry. */
export async function composeAdapt(master: Uint8Array, geometry: AdaptGeometry, size: PixelSize): Promise<{ image: Uint8Array; mask: Uint8Array }> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([master as BlobPart]));
  } catch {
    throw new Error('The master image could not be decoded.');
  }
  try {
    const { crop, placed, margins } = geometry;
    const picture = canvasOf(size);
    picture.context.imageSmoothingQuality = 'high';
    picture.context.drawImage(bitmap, crop.x, crop.y, crop.width, crop.height, placed.x, placed.y, placed.width, placed.height);
    const mask = canvasOf(size);
    mask.context.putImageData(new ImageData(adaptMaskPixels(size, margins), size.width, size.height), 0, 0);
    return { image: await pngOf(picture.canvas), mask: await pngOf(mask.canvas) };
  } finally {
    bitmap.close();
  }
}
