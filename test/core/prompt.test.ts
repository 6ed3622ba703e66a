import { describe, expect, it } from 'vitest';
import { anchoredPrompt, assemblePrompt, copyLine, editPrompt, imageLabels, promptFromLayerName, renderPrompt, SCAFFOLDS, styleLine, TRANSPARENT_LINE, type StyleLock } from '../../core/prompt';

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
    expect(SCAFFOLDS.map((s) => s.label)).toEqual(['UI mockup', 'Hero image', 'Avatar or portrait', 'Product shot', 'Background texture', 'Icon or illustration', 'Poster or infographic', 'App screen from a wireframe', 'Website hero from a wireframe', 'Product render from a sketch', 'Illustration from a doodle']);
    for (const s of SCAFFOLDS) expect(s.text.length).toBeGreaterThan(40);
  });
});

describe('transparent background: the prompt describes no backdrop', () => {
  it('drops the style lock\'s lighting (it brings a setting) and says there is nothing behind the subject', () => {
    const text = assemblePrompt({ prompt: 'a paper plane icon', style, transparent: true });
    expect(text).toBe(`a paper plane icon\nStyle for every image in this set: colour palette #0d99ff, #ffcd29; mood: calm; medium: photograph.\n${TRANSPARENT_LINE}`);
    expect(text).not.toMatch(/golden hour/);
    expect(styleLine(style, false)).toMatch(/lighting: golden hour/);
  });
});

describe('imageLabels', () => {
  it('labels the images by role in the order they are sent', () => {
    expect(imageLabels([{ role: 'current' }, { role: 'reference', name: 'Logo  final' }, { role: 'reference', name: '' }])).toBe(
      'Image 1: the current frame. Image 2: reference, Logo final. Image 3: reference, an image to use.',
    );
    expect(imageLabels([{ role: 'current' }])).toBe('');
    // A continued conversation already holds the frame: only the reference is sent, and labelled.
    expect(imageLabels([{ role: 'reference', name: 'Logo' }])).toBe('Image 1: reference, Logo.');
  });
});

describe('editPrompt', () => {
  const turn = (change: string) =>
    editPrompt({ change, subject: 'a cosy cabin in the snow', style, frameText: ['WINTER "SALE"'], images: [{ role: 'current' }, { role: 'reference', name: 'Logo' }] });

  it('says what changes and everything that stays, the copy exact', () => {
    expect(turn('warmer light in the windows')).toBe(
      [
        'Image 1: the current frame. Image 2: reference, Logo.',
        'Change only: warmer light in the windows.',
        'Keep everything else unchanged: the composition, framing and camera angle; the subject (a cosy cabin in the snow); the style below; the text "WINTER \u201dSALE\u201d" exactly as written.',
        'Style for every image in this set: colour palette #0d99ff, #ffcd29; lighting: golden hour; mood: calm; medium: photograph.',
      ].join('\n'),
    );
  });

  it('repeats the same keep-list on every turn, so ten turns do not drift', () => {
    const keeps = Array.from({ length: 10 }, (_, i) => turn(`change ${i}`).split('\n')[2]);
    expect(new Set(keeps).size).toBe(1);
  });

  it('keeps a transparent edit free of backdrop, and works with nothing but the change', () => {
    const text = editPrompt({ change: 'make it blue!', style, transparent: true });
    expect(text).toMatch(/^Change only: make it blue\.\nKeep everything else unchanged: the composition, framing and camera angle; the subject; the style below\./);
    expect(text).not.toMatch(/golden hour/);
    expect(text.endsWith(TRANSPARENT_LINE)).toBe(true);
  });
});

describe('frame to image and anchored sets (issue 15)', () => {
  it('labels the export as Image 1, says what to render it as and quotes the frame text exactly', () => {
    const text = renderPrompt({ prompt: 'A polished checkout screen', name: 'Checkout', frameText: ['Pay now', 'Total "42"'] });
    expect(text.split('\n')).toEqual([
      'Image 1 is a wireframe of “Checkout”: its boxes stand for the picture\'s parts and their places.',
      'Render it as a polished checkout screen.',
      'Keep the layout of Image 1: every element in the same place, at the same size and proportion; replace placeholder boxes with finished content.',
      'Render this text exactly as written, spelled exactly as quoted and nothing else: "Pay now", "Total ”42”".',
    ]);
  });

  it('the anchored prompt puts the reference first and keeps the frame prompt', () => {
    const text = anchoredPrompt('A fox in a meadow\nStyle for every image in this set: mood: calm.');
    expect(text).toMatch(/^Image 1 is the reference for this set: show the same character, product or subject/);
    expect(text.endsWith('A fox in a meadow\nStyle for every image in this set: mood: calm.')).toBe(true);
  });

  it('the frame-to-image starting points ask to render the frame', () => {
    expect(SCAFFOLDS.filter((s) => s.fromFrame).map((s) => s.label)).toEqual(['App screen from a wireframe', 'Website hero from a wireframe', 'Product render from a sketch', 'Illustration from a doodle']);
  });
});
