/**
 * Uploaded images are judged by their bytes (magic numbers, headers and structure), never by their declared
 * type: a truncated file or a header claiming impossible dimensions is refused here, not sent upstream.
 */
import { imageSize } from 'image-size';
import type { Upload } from '../params';

const TYPES = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' } as const;

/**
 * The longest edge Figment forwards. OpenAI's largest output edge is 3840 px (research notes, sizes); inputs are
 * scaled down by OpenAI, so a generous bound refuses only headers no real frame export has.
 */
export const MAX_UPLOAD_EDGE = 16_384;

/** Why a PNG's chunk structure is broken (PNG spec §5: signature, IHDR first, chunks, IEND last), or null. */
function pngProblem(bytes: Uint8Array): string | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  let first = true;
  while (at + 12 <= bytes.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (first && type !== 'IHDR') return 'is not a valid PNG (IHDR must come first)';
    first = false;
    const end = at + 12 + length;
    if (end > bytes.length) return 'is truncated (a PNG chunk runs past the end of the file)';
    if (type === 'IEND') return null;
    at = end;
  }
  return 'is truncated (the PNG has no IEND chunk)';
}

/** JPEG ends with the EOI marker (ITU T.81 B.2.1); trailing padding after it is tolerated. */
function jpegProblem(bytes: Uint8Array): string | null {
  for (let i = bytes.length - 2; i >= Math.max(2, bytes.length - 1024); i--) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return null;
  }
  return 'is truncated (the JPEG has no end-of-image marker)';
}

/** A WebP's RIFF header gives the file size (RIFF size + 8 bytes). */
function webpProblem(bytes: Uint8Array): string | null {
  const riff = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  return riff + 8 > bytes.length ? 'is truncated (shorter than its WebP header says)' : null;
}

const STRUCTURE = { png: pngProblem, jpg: jpegProblem, webp: webpProblem } as const;

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
  if (info.width > MAX_UPLOAD_EDGE || info.height > MAX_UPLOAD_EDGE) {
    return `claims ${info.width}x${info.height} pixels; at most ${MAX_UPLOAD_EDGE} px per edge are accepted`;
  }
  const problem = STRUCTURE[info.type as keyof typeof STRUCTURE](bytes);
  if (problem) return problem;
  return { bytes, type, filename: filename || `image.${info.type}`, width: info.width, height: info.height };
}
