/**
 * Reads the demo placeholder's caption back out of its PNG bytes, as a person would: finds the white glyph cells
 * inside the border, measures the cell size from the thinnest stroke, and matches each 5x7 block against the font.
 * Knows the font, not the layout, so it checks what was actually drawn.
 */
import { PNG } from 'pngjs';
import { FONT_CHARACTERS, glyph, GLYPH_HEIGHT, GLYPH_WIDTH } from '../../server/providers/bitmap-font';

const key = (cells: boolean[][]) => cells.map((row) => row.map((c) => (c ? '#' : '.')).join('')).join('/');
const BY_BITMAP = new Map(FONT_CHARACTERS.map((ch) => [key(glyph(ch)), ch]));

export interface Caption {
  lines: string[];
  /** Height of a capital, in image pixels. */
  glyphHeight: number;
}

export function readCaption(bytes: Buffer): Caption {
  const png = PNG.sync.read(bytes);
  const { width, height, data } = png;
  const white = (x: number, y: number) => {
    const i = (y * width + x) * 4;
    return data[i] === 255 && data[i + 1] === 255 && data[i + 2] === 255;
  };
  // The border is white too: step in along the middle row until it ends.
  let border = 0;
  while (border < width / 2 && white(border, Math.floor(height / 2))) border++;
  const lit = (x: number, y: number) => x >= border && y >= border && x < width - border && y < height - border && white(x, y);

  // The thinnest horizontal run of lit pixels is one font cell.
  let cell = Infinity;
  for (let y = border; y < height - border; y++) {
    let run = 0;
    for (let x = border; x <= width - border; x++) {
      if (x < width - border && lit(x, y)) run++;
      else if (run > 0) {
        cell = Math.min(cell, run);
        run = 0;
      }
    }
  }
  if (!Number.isFinite(cell)) return { lines: [], glyphHeight: 0 };

  const lines: string[] = [];
  let y = border;
  while (y < height - border) {
    const row = (yy: number) => Array.from({ length: width }, (_, x) => lit(x, yy)).indexOf(true);
    if (row(y) < 0) {
      y++;
      continue;
    }
    // A line: 7 cells tall from its first lit row; its left edge is within a glyph's width of the first lit column.
    let first = width;
    let last = 0;
    for (let yy = y; yy < y + GLYPH_HEIGHT * cell; yy++) {
      for (let x = 0; x < width; x++) {
        if (!lit(x, yy)) continue;
        first = Math.min(first, x);
        last = Math.max(last, x);
      }
    }
    const sample = (x0: number) =>
      Array.from({ length: GLYPH_HEIGHT }, (_, gy) => Array.from({ length: GLYPH_WIDTH }, (_, gx) => lit(x0 + gx * cell + (cell >> 1), y + gy * cell + (cell >> 1))));
    let text: string | undefined;
    for (let shift = 0; shift < GLYPH_WIDTH && text === undefined; shift++) {
      let out = '';
      for (let x0 = first - shift * cell; x0 <= last; x0 += (GLYPH_WIDTH + 1) * cell) {
        const ch = BY_BITMAP.get(key(sample(x0)));
        if (ch === undefined) {
          out = '';
          break;
        }
        out += ch;
      }
      if (out) text = out;
    }
    lines.push(text ?? '<unreadable>');
    y += GLYPH_HEIGHT * cell;
  }
  return { lines, glyphHeight: GLYPH_HEIGHT * cell };
}
