/**
 * A tiny PNG encoder for the fake's exportAsync (no Node APIs, so it also runs in the host emulator): a flat RGBA
 * picture in stored (uncompressed) deflate blocks.
 */

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const u32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];

function chunk(type: string, data: Uint8Array): Uint8Array {
  const body = concat([[...type].map((ch) => ch.charCodeAt(0)), data]);
  return concat([u32(data.length), body, u32(crc32(body))]);
}

function zlibStored(raw: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(raw.length / 65535));
  const out = new Uint8Array(2 + blocks * 5 + raw.length + 4);
  out.set([0x78, 0x01]);
  let o = 2;
  for (let i = 0; i < blocks; i++) {
    const block = raw.subarray(i * 65535, (i + 1) * 65535);
    const n = block.length;
    out.set([i === blocks - 1 ? 1 : 0, n & 0xff, n >>> 8, ~n & 0xff, (~n >>> 8) & 0xff], o);
    out.set(block, o + 5);
    o += 5 + n;
  }
  let a = 1;
  let b = 0;
  for (const byte of raw) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  out.set(u32(((b << 16) | a) >>> 0), o);
  return out;
}

function concat(parts: ArrayLike<number>[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export type Rgba = [number, number, number, number];
type Box = { x: number; y: number; width: number; height: number };

/** A width x height RGBA picture (`pixels`, row by row, 4 bytes a pixel) as a PNG. */
export function rgbaPng(width: number, height: number, pixels: Uint8Array): Uint8Array {
  const row = 1 + width * 4;
  const raw = new Uint8Array(row * height);
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * width * 4, (y + 1) * width * 4), y * row + 1);
  const ihdr = new Uint8Array([...u32(width), ...u32(height), 8, 6, 0, 0, 0]);
  return concat([[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], chunk('IHDR', ihdr), chunk('IDAT', zlibStored(raw)), chunk('IEND', new Uint8Array())]);
}

/**
 * A width x height PNG, transparent, with each layer's rectangle painted over the ones before it (clipped to `clip`
 * when given, and to the picture): the fake's way to draw a frame and its children.
 */
export function layeredPng(width: number, height: number, layers: ReadonlyArray<{ rect: Box; rgba: Rgba }>, clip?: Box): Uint8Array {
  const pixels = new Uint8Array(width * height * 4);
  const c = clip ?? { x: 0, y: 0, width, height };
  for (const { rect, rgba } of layers) {
    const [x0, y0] = [Math.max(0, c.x, Math.round(rect.x)), Math.max(0, c.y, Math.round(rect.y))];
    const [x1, y1] = [Math.min(width, c.x + c.width, Math.round(rect.x + rect.width)), Math.min(height, c.y + c.height, Math.round(rect.y + rect.height))];
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) pixels.set(rgba, (y * width + x) * 4);
  }
  return rgbaPng(width, height, pixels);
}

/** A width x height PNG filled with one RGBA colour; with `inside`, only that rectangle is, the rest `outside`. */
export function flatPng(width: number, height: number, rgba: Rgba, inside?: { rect: Box; outside: Rgba }): Uint8Array {
  if (!inside) return layeredPng(width, height, [{ rect: { x: 0, y: 0, width, height }, rgba }]);
  return layeredPng(width, height, [{ rect: { x: 0, y: 0, width, height }, rgba: inside.outside }, { rect: inside.rect, rgba }]);
}
