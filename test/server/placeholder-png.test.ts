/** The demo placeholder says what it stands for: the prompt's first words, the size and DEMO, readable small. */
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { drawableText, FONT_CHARACTERS, glyph } from '../../server/providers/bitmap-font';
import { createDemoProvider } from '../../server/providers/demo';
import { captionLines, drawPlaceholder } from '../../server/providers/placeholder-png';
import type { GenerationParams } from '../../server/providers/types';
import { readCaption } from './read-caption';

describe('the bitmap font', () => {
  it('has a distinct 5x7 glyph for every character, and draws text it has no glyph for as ?', () => {
    const keys = FONT_CHARACTERS.map((ch) => glyph(ch).map((r) => r.map(Number).join('')).join('/'));
    for (const ch of FONT_CHARACTERS) expect(glyph(ch).map((r) => r.length)).toEqual([5, 5, 5, 5, 5, 5, 5]);
    expect(new Set(keys.filter((k, i) => FONT_CHARACTERS[i] !== ' ')).size).toBe(FONT_CHARACTERS.length - 1);
    expect(drawableText('Café crème, 2x3 = 1536x1024 日本')).toBe('CAFE CREME, 2x3 ? 1536x1024 ??');
  });
});

describe('captionLines', () => {
  it('keeps the prompt\'s first words on two lines, cut with an ellipsis, then the size and DEMO', () => {
    expect(captionLines('Rainy Tokyo street at night, neon reflections', 1536, 1024)).toEqual(['RAINY TOKYO', 'STREET AT…', '1536x1024 DEMO']);
    expect(captionLines('espresso', 1024, 1024)).toEqual(['ESPRESSO', '1024x1024 DEMO']);
    expect(captionLines('Supercalifragilisticexpialidocious', 1024, 1024)).toEqual(['SUPERCALIFRAG…', '1024x1024 DEMO']);
    expect(captionLines('', 1024, 1024)).toEqual(['1024x1024 DEMO']);
  });
});

describe('drawPlaceholder', () => {
  it.each([
    [1536, 1024, 'Rainy Tokyo street at night, neon reflections', ['RAINY TOKYO', 'STREET AT…', '1536x1024 DEMO']],
    [1024, 1536, 'Espresso on a marble table', ['ESPRESSO ON A', 'MARBLE TABLE', '1024x1536 DEMO']],
    [2048, 512, 'Panorama', ['PANORAMA', '2048x512 DEMO']],
  ])('%ix%i: the decoded PNG reads back as its prompt, size and DEMO, large enough for a thumbnail', (width, height, prompt, lines) => {
    const png = drawPlaceholder({ width, height, seed: prompt, prompt });
    const decoded = PNG.sync.read(png);
    expect([decoded.width, decoded.height]).toEqual([width, height]);
    const caption = readCaption(png);
    expect(caption.lines).toEqual(lines);
    // Shrunk to a 128 px thumbnail, a capital is still at least 5.5 px tall.
    expect((caption.glyphHeight / Math.max(width, height)) * 128).toBeGreaterThanOrEqual(5.5);
  });

  it('draws a different caption for a different prompt, and washes out partial stages', () => {
    const a = drawPlaceholder({ width: 1024, height: 1024, seed: 's', prompt: 'hero' });
    const b = drawPlaceholder({ width: 1024, height: 1024, seed: 's', prompt: 'card' });
    expect(a.equals(b)).toBe(false);
    const early = PNG.sync.read(drawPlaceholder({ width: 1024, height: 1024, seed: 's', prompt: 'hero' }, 0.25));
    const final = PNG.sync.read(a);
    const spread = (d: Buffer) => {
      let [lo, hi] = [255, 0];
      for (let i = 0; i < d.length; i++) if (i % 4 !== 3) [lo, hi] = [Math.min(lo, d[i]!), Math.max(hi, d[i]!)];
      return hi - lo;
    };
    expect(spread(early.data)).toBeLessThan(spread(final.data));
  });
});

describe('the demo provider', () => {
  const params: GenerationParams = { model: 'gpt-image-2', prompt: 'Lighthouse at dusk, long exposure', size: '1536x1024', quality: 'low', n: 1, output_format: 'png', partial_images: 1 };

  it('streams images whose caption is the prompt and the requested size', async () => {
    const events = [];
    for await (const e of await createDemoProvider({ delayMs: 0 }).generate(params, new AbortController().signal)) events.push(e);
    const completed = events.find((e) => e.type === 'image_generation.completed') as { b64_json: string };
    expect(readCaption(Buffer.from(completed.b64_json, 'base64')).lines).toEqual(['LIGHTHOUSE AT', 'DUSK, LONG…', '1536x1024 DEMO']);
  });
});

describe('the demo Responses engine', () => {
  it('captions each turn with the words of its last message', async () => {
    const { demoResponseEvents } = await import('../../server/providers/demo-responses');
    const body = {
      model: 'gpt-5.5',
      input: [
        { role: 'user', content: 'A red kite' },
        { role: 'user', content: [{ type: 'input_text', text: 'Warmer light please' }] },
      ],
      tools: [{ type: 'image_generation', size: '1024x1024', partial_images: 0 }],
    } as unknown as Parameters<typeof demoResponseEvents>[0];
    let result = '';
    for await (const e of demoResponseEvents(body, new AbortController().signal, 0)) {
      const item = (e as { item?: { result?: string } }).item;
      if (e.type === 'response.output_item.done' && item?.result) result = item.result;
    }
    expect(readCaption(Buffer.from(result, 'base64')).lines).toEqual(['WARMER LIGHT', 'PLEASE', '1024x1024 DEMO']);
  });
});
