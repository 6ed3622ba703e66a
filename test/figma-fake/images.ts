/**
 * Figma's image store, faked: images by hash. `figma.createImage` takes what the typings say it takes: "The `data`
 * passed in must be encoded as a PNG, JPEG, or GIF. Images have a maximum size of 4096 pixels (4K) in width and
 * height. Invalid images will throw an error." (plugin-api.d.ts, `createImage`). The size is read from the
 * format's own header, as `Image.getSizeAsync` reports it.
 */

export interface FakeImage {
  hash: string;
  getBytesAsync(): Promise<Uint8Array>;
  getSizeAsync(): Promise<{ width: number; height: number }>;
}

/** The largest width or height Figma stores (createImage's doc comment). */
export const MAX_IMAGE_SIDE = 4096;

const startsWith = (bytes: Uint8Array, sig: number[]) => sig.every((b, i) => bytes[i] === b);

export function imageKind(bytes: Uint8Array): 'png' | 'jpeg' | 'gif' | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'gif';
  return undefined;
}

/**
 * A stable 40-hex-digit digest standing in for Figma's SHA-1 image hashes: two FNV-1a lanes in one pass over the
 * bytes (64 bits that depend on every byte), spread over 160 bits.
 */
export function hashBytes(bytes: Uint8Array): string {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < bytes.length; i++) {
    a = Math.imul(a ^ bytes[i]!, 0x01000193);
    b = Math.imul(b ^ bytes[i]!, 0x5bd1e995) ^ (b >>> 15);
  }
  const words = [a, b, a ^ Math.imul(b, 31), Math.imul(a, 0x27d4eb2d) ^ bytes.length, b ^ Math.imul(bytes.length, 0x165667b1)];
  return words.map((w) => (w >>> 0).toString(16).padStart(8, '0')).join('');
}

type Size = { width: number; height: number };

/** PNG: the IHDR chunk must come first (PNG spec 11.2.2). */
function pngSize(bytes: Uint8Array, view: DataView): Size | null {
  if (bytes.length < 33 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return null;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** JPEG: the first start-of-frame marker (SOF0-SOF15 but DHT, JPG and DAC) holds height then width. */
function jpegSize(bytes: Uint8Array, view: DataView): Size | null {
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) return null;
    const marker = bytes[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    const length = view.getUint16(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) return { height: view.getUint16(i + 5), width: view.getUint16(i + 7) };
    i += 2 + length;
  }
  return null;
}

/** GIF: the logical screen descriptor, little-endian, right after the 6-byte signature. */
function gifSize(bytes: Uint8Array, view: DataView): Size | null {
  if (bytes.length < 10 || !/^GIF8[79]a$/.test(String.fromCharCode(...bytes.subarray(0, 6)))) return null;
  return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
}

/** The pixel size from the image's header, or null when the bytes are not a PNG, JPEG or GIF that can be read. */
export function imageSize(bytes: Uint8Array): Size | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kind = imageKind(bytes);
  const size = kind === 'png' ? pngSize(bytes, view) : kind === 'jpeg' ? jpegSize(bytes, view) : kind === 'gif' ? gifSize(bytes, view) : null;
  return size && size.width > 0 && size.height > 0 ? size : null;
}

export class ImageStore {
  private readonly images = new Map<string, { bytes: Uint8Array; size: Size }>();

  create(bytes: Uint8Array): FakeImage {
    if (!(bytes instanceof Uint8Array)) throw new Error('createImage: expected a Uint8Array');
    if (!imageKind(bytes)) throw new Error('Image type is unsupported: createImage takes PNG, JPEG or GIF');
    const size = imageSize(bytes);
    if (!size) throw new Error('Image is invalid: its header cannot be read');
    if (size.width > MAX_IMAGE_SIDE || size.height > MAX_IMAGE_SIDE) {
      throw new Error(`Image is too large: ${size.width}x${size.height}; images have a maximum size of ${MAX_IMAGE_SIDE} pixels in width and height`);
    }
    const copy = bytes.slice();
    const hash = hashBytes(copy);
    this.images.set(hash, { bytes: copy, size });
    return this.get(hash)!;
  }

  get(hash: string): FakeImage | null {
    const image = this.images.get(hash);
    if (!image) return null;
    return {
      hash,
      getBytesAsync: async () => image.bytes.slice(),
      getSizeAsync: async () => ({ ...image.size }),
    };
  }

  has(hash: string): boolean {
    return this.images.has(hash);
  }

  bytes(hash: string): Uint8Array | undefined {
    return this.images.get(hash)?.bytes;
  }
}
