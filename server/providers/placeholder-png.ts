/**
 * Draws the demo provider's placeholder: a two-colour diagonal gradient chosen from the seed, with stripes and a
 * border so that its size and aspect are obvious on the canvas, and a caption saying what it stands for: the
 * prompt's first words, the size and "DEMO", large enough to read on a thumbnail. Partial stages are washed out.
 */
import { createHash } from 'node:crypto';
import { PNG } from 'pngjs';
import { drawableText, glyph, GLYPH_HEIGHT, GLYPH_WIDTH } from './bitmap-font';

type Rgb = [number, number, number];

export interface Placeholder {
  width: number;
  height: number;
  /** Picks the colours: the same seed gives the same picture. */
  seed: string;
  /** The prompt the image stands for; its first words are drawn. */
  prompt: string;
}

/** Characters per caption line, and lines of prompt, before the prompt is cut with an ellipsis. */
const LINE_CHARS = 14;
const PROMPT_LINES = 2;
/** Cells between a glyph and the next, between lines, and around the caption's panel. */
const GAP = 1;
const PAD = 2;

function coloursFor(seed: string): [Rgb, Rgb] {
  const h = createHash('sha256').update(seed).digest();
  const pick = (o: number): Rgb => [64 + (h[o]! % 160), 64 + (h[o + 1]! % 160), 64 + (h[o + 2]! % 160)];
  return [pick(0), pick(3)];
}

const cut = (text: string) => `${text.slice(0, LINE_CHARS - 1)}…`;

/** The caption's lines: the prompt's first words (at most two lines), then `<width>x<height> DEMO`. */
export function captionLines(prompt: string, width: number, height: number): string[] {
  const words = drawableText(prompt).split(' ').filter(Boolean);
  const lines: string[] = [];
  let i = 0;
  while (i < words.length && lines.length < PROMPT_LINES) {
    let line = words[i]!.length > LINE_CHARS ? cut(words[i]!) : words[i]!;
    i++;
    while (i < words.length && line.length + 1 + words[i]!.length <= LINE_CHARS) line += ` ${words[i++]}`;
    lines.push(line);
  }
  if (i < words.length) {
    const last = lines.pop()!;
    lines.push(last.endsWith('…') ? last : last.length < LINE_CHARS ? `${last}…` : cut(last));
  }
  lines.push(`${width}x${height} DEMO`);
  return lines;
}

/** Where the caption goes: its lines, the size of one font cell in pixels, and the top-left of the first line. */
export function captionLayout(width: number, height: number, lines: string[]): { lines: string[]; cell: number; left: number[]; top: number } {
  const longest = Math.max(...lines.map((l) => l.length));
  const unitsWide = longest * (GLYPH_WIDTH + GAP) - GAP + 2 * PAD;
  const unitsHigh = lines.length * (GLYPH_HEIGHT + GAP) - GAP + 2 * PAD;
  // As large as fits 90% of the width and 70% of the height: the longest line (the size, at least) sets it.
  const cell = Math.max(1, Math.floor(Math.min((width * 0.9) / unitsWide, (height * 0.7) / unitsHigh)));
  const top = Math.round((height - (unitsHigh - 2 * PAD) * cell) / 2);
  const left = lines.map((l) => Math.round((width - (l.length * (GLYPH_WIDTH + GAP) - GAP) * cell) / 2));
  return { lines, cell, left, top };
}

/** 0 background, 1 the caption's panel, 2 a lit glyph cell. */
function captionMask(width: number, height: number, prompt: string): Uint8Array {
  const mask = new Uint8Array(width * height);
  const { lines, cell, left, top } = captionLayout(width, height, captionLines(prompt, width, height));
  const fill = (x0: number, y0: number, w: number, h: number, value: number) => {
    for (let y = Math.max(0, y0); y < Math.min(height, y0 + h); y++) mask.fill(value, y * width + Math.max(0, x0), y * width + Math.min(width, x0 + w));
  };
  const panelLeft = Math.min(...left) - PAD * cell;
  const panelWidth = width - 2 * panelLeft;
  fill(panelLeft, top - PAD * cell, panelWidth, (lines.length * (GLYPH_HEIGHT + GAP) - GAP + 2 * PAD) * cell, 1);
  lines.forEach((line, row) => {
    const y0 = top + row * (GLYPH_HEIGHT + GAP) * cell;
    [...line].forEach((ch, col) => {
      const x0 = left[row]! + col * (GLYPH_WIDTH + GAP) * cell;
      glyph(ch).forEach((cells, gy) => cells.forEach((lit, gx) => lit && fill(x0 + gx * cell, y0 + gy * cell, cell, cell, 2)));
    });
  });
  return mask;
}

/** `progress` 1 is the final image; below 1 the picture is blended toward grey like an early partial. */
export function drawPlaceholder({ width, height, seed, prompt }: Placeholder, progress = 1): Buffer {
  const png = new PNG({ width, height, colorType: 2, inputHasAlpha: true });
  const [a, b] = coloursFor(seed);
  const mask = captionMask(width, height, prompt);
  const wash = Math.max(0, Math.min(1, 1 - progress));
  const border = Math.max(2, Math.round(Math.min(width, height) / 64));
  const stripe = Math.max(8, Math.round(Math.min(width, height) / 12));
  const data = png.data;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = (x / width + y / height) / 2;
      const onBorder = x < border || y < border || x >= width - border || y >= height - border;
      const shade = Math.floor((x + y) / stripe) % 2 === 0 ? 1 : 0.9;
      const i = (y * width + x) * 4;
      const m = mask[y * width + x];
      for (let ch = 0; ch < 3; ch++) {
        const gradient = (a[ch]! * (1 - t) + b[ch]! * t) * shade;
        // White text on the gradient darkened to a quarter: readable whatever colours the seed picked.
        const base = onBorder || m === 2 ? 255 : m === 1 ? gradient * 0.25 : gradient;
        data[i + ch] = Math.round(base * (1 - wash) + 160 * wash);
      }
      data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png, { colorType: 2 });
}
