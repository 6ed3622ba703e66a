/** Figma's image store, faked: images by hash, created from PNG, JPEG or GIF bytes only. */

export interface FakeImage {
  hash: string;
  getBytesAsync(): Promise<Uint8Array>;
  getSizeAsync(): Promise<{ width: number; height: number }>;
}

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

function pngSize(bytes: Uint8Array): { width: number; height: number } {
  if (imageKind(bytes) !== 'png') return { width: 0, height: 0 };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

export class ImageStore {
  private readonly images = new Map<string, Uint8Array>();

  create(bytes: Uint8Array): FakeImage {
    if (!(bytes instanceof Uint8Array)) throw new Error('createImage: expected a Uint8Array');
    if (!imageKind(bytes)) throw new Error('Image type is unsupported');
    const copy = bytes.slice();
    const hash = hashBytes(copy);
    this.images.set(hash, copy);
    return this.get(hash)!;
  }

  get(hash: string): FakeImage | null {
    const bytes = this.images.get(hash);
    if (!bytes) return null;
    return {
      hash,
      getBytesAsync: async () => bytes.slice(),
      getSizeAsync: async () => pngSize(bytes),
    };
  }

  has(hash: string): boolean {
    return this.images.has(hash);
  }

  bytes(hash: string): Uint8Array | undefined {
    return this.images.get(hash);
  }
}
