import { describe, expect, it } from 'vitest';
import { assemblePrompt, copyLine, promptFromLayerName, SCAFFOLDS, styleLine, type StyleLock } from '../../core/prompt';

const style: StyleLock = { enabled: true, palette: '#0d99ff, #ffcd29', lighting: 'golden hour', mood: 'calm', medium: 'photograph' };

describe('promptFromLayerName', () => {
  it.each([
    ['hero: rainy Tokyo street at night', 'rainy Tokyo street at night'],
    ['Card / avatar: smiling chef', 'smiling chef'],
    ['Mountain cabin in snow', 'Mountain cabin in snow'],
    ['Frame 12', null],
    ['Rectangle', null],
    ['hero:   ', null],
  ])('%s -> %s', (name, expected) => {
    expect(promptFromLayerName(name)).toBe(expected);
  });
});

describe('assemblePrompt', () => {
  it('is the typed prompt alone when nothing else applies', () => {
    expect(assemblePrompt({ prompt: '  a red bike ' })).toBe('a red bike');
  });

  it('leads with the layer prompt and keeps the typed one as shared direction', () => {
    expect(assemblePrompt({ prompt: 'warm evening light', layerPrompt: 'rainy Tokyo street' })).toBe('rainy Tokyo street\nShared direction: warm evening light');
    expect(assemblePrompt({ prompt: '', layerPrompt: 'rainy Tokyo street' })).toBe('rainy Tokyo street');
  });

  it('adds the frame text as exact quoted copy, and the style lock when it is on', () => {
    const text = assemblePrompt({ prompt: 'a sale banner', frameText: ['SUMMER SALE', ' 50% off  everything '], style });
    expect(text.split('\n')).toEqual([
      'a sale banner',
      'Render this text exactly as written, spelled exactly as quoted and nothing else: "SUMMER SALE", "50% off everything".',
      'Style for every image in this set: colour palette #0d99ff, #ffcd29; lighting: golden hour; mood: calm; medium: photograph.',
    ]);
    expect(assemblePrompt({ prompt: 'x', style: { ...style, enabled: false } })).toBe('x');
  });

  it('keeps quotes inside copy from ending the quotation', () => {
    expect(copyLine(['Say "hi"'])).toContain('"Say \u201dhi\u201d"');
    expect(copyLine(['  ', ''])).toBe('');
  });

  it('leaves out empty style fields', () => {
    expect(styleLine({ ...style, palette: '', medium: ' ' })).toBe('Style for every image in this set: lighting: golden hour; mood: calm.');
    expect(styleLine({ ...style, palette: '', lighting: '', mood: '', medium: '' })).toBe('');
  });
});

describe('SCAFFOLDS', () => {
  it('cover the common jobs with visible, editable text', () => {
    expect(SCAFFOLDS.map((s) => s.label)).toEqual(['UI mockup', 'Hero image', 'Avatar or portrait', 'Product shot', 'Background texture', 'Icon or illustration', 'Poster or infographic']);
    for (const s of SCAFFOLDS) expect(s.text.length).toBeGreaterThan(40);
  });
});
