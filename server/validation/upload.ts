/** Uploaded images are judged by their bytes (magic numbers and headers), never by their declared type. */
import { imageSize } from 'image-size';
import type { Upload } from '../providers/types';

const TYPES = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' } as const;

/** The upload, or a sentence saying why it is not a usable PNG, JPEG or WebP image. */
export function inspectUpload(bytes: Uint8Array, filename: string): Upload | string {
  let info: ReturnType<typeof imageSize>;
  try {
    info = imageSize(bytes);
  } catch {
    return 'is not a PNG, JPEG or WebP image';
  }
  const type = TYPES[info.type as keyof typeof TYPES];
  if (!type) return `is ${info.type ?? 'an unknown'} image; only PNG, JPEG and WebP are accepted`;
  if (!info.width || !info.height) return 'has no readable dimensions';
  return { bytes, type, filename: filename || `image.${info.type}`, width: info.width, height: info.height };
}
