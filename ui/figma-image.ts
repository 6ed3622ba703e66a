/**
 * Images made ready for Figma before they cross to the main thread: `figma.createImage` takes PNG, JPEG or GIF of at
 * most 4096 px a side and throws otherwise (typings, createImage). Anything else (a WebP from a Recent job, a future
 * model's larger output, a reference the user picked) is decoded with createImageBitmap, drawn at Figma's size
 * keeping its aspect, and encoded as PNG; the note says what was done, for the chat.
 */
import { pngSize } from '../core/png';

export const FIGMA_MAX_SIDE = 4096;

export interface FigmaImage {
  bytes: Uint8Array;
  width: number;
  height: number;
  /** What was changed, in words for the chat; absent when the image went through as it was. */
  note?: string;
}

const starts = (bytes: Uint8Array, sig: number[]) => sig.every((b, i) => bytes[i] === b);
/** The format by its signature: the three Figma stores, or a name for the chat. */
function formatOf(bytes: Uint8Array): 'PNG' | 'JPEG' | 'GIF' | 'WebP' | 'AVIF' | 'an unknown format' {
  if (starts(bytes, [0x89, 0x50, 0x4e, 0x47])) return 'PNG';
  if (starts(bytes, [0xff, 0xd8, 0xff])) return 'JPEG';
  if (starts(bytes, [0x47, 0x49, 0x46, 0x38])) return 'GIF';
  const text = String.fromCharCode(...bytes.subarray(0, 12));
  if (text.startsWith('RIFF') && text.endsWith('WEBP')) return 'WebP';
  if (text.slice(4, 12) === 'ftypavif') return 'AVIF';
  return 'an unknown format';
}

/** The size that fits Figma's limit, keeping the aspect. */
export function fitWithin(width: number, height: number, max = FIGMA_MAX_SIDE): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

async function encodePng(source: CanvasImageSource, width: number, height: number, crop?: { x: number; y: number; width: number; height: number }): Promise<Uint8Array> {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This browser cannot draw the image.');
  context.imageSmoothingQuality = 'high';
  if (crop) context.drawImage(source, crop.x, crop.y, crop.width, crop.height, 0, 0, width, height);
  else context.drawImage(source, 0, 0, width, height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('Could not encode the image as PNG.');
  return new Uint8Array(await blob.arrayBuffer());
}

async function decode(bytes: Uint8Array, format: string): Promise<ImageBitmap> {
  try {
    return await createImageBitmap(new Blob([bytes as BlobPart]));
  } catch {
    throw new Error(`The image (${format}) could not be decoded.`);
  }
}

/** A PNG within Figma's size, known from its header alone (the common case: no decoding needed). */
export function fitsFigma(bytes: Uint8Array): boolean {
  const png = pngSize(bytes);
  return png !== null && png.width <= FIGMA_MAX_SIDE && png.height <= FIGMA_MAX_SIDE;
}

/** The image as Figma will take it: unchanged when it already can, else converted and downscaled, with a note. */
export async function forFigma(bytes: Uint8Array): Promise<FigmaImage> {
  const format = formatOf(bytes);
  if (fitsFigma(bytes)) return { bytes, ...pngSize(bytes)! };
  const bitmap = await decode(bytes, format);
  try {
    const { width, height } = bitmap;
    const storable = format === 'PNG' || format === 'JPEG' || format === 'GIF';
    if (storable && width <= FIGMA_MAX_SIDE && height <= FIGMA_MAX_SIDE) return { bytes, width, height };
    const size = fitWithin(width, height);
    const changes = [
      ...(storable ? [] : [`converted from ${format} to PNG`]),
      ...(size.width !== width || size.height !== height ? [`scaled from ${width}×${height} to ${size.width}×${size.height}`] : []),
    ];
    const done = changes.join(' and ');
    const note = `Figma takes PNG, JPEG or GIF up to ${FIGMA_MAX_SIDE} px a side: ${done.charAt(0).toUpperCase()}${done.slice(1)}.`;
    return { bytes: await encodePng(bitmap, size.width, size.height), ...size, note };
  } finally {
    bitmap.close();
  }
}

/** The `crop` rectangle of an image (in its pixels) as a PNG of `width` x `height`. */
export async function cropToPng(bytes: Uint8Array, crop: { x: number; y: number; width: number; height: number }, width: number, height: number): Promise<Uint8Array> {
  const bitmap = await decode(bytes, formatOf(bytes));
  try {
    return await encodePng(bitmap, width, height, crop);
  } finally {
    bitmap.close();
  }
}
