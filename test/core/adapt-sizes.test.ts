/** Adapt to sizes (issue 15), the pure parts around the geometry: presets, placement choices, selection, prompt, mask. */
import { describe, expect, it } from 'vitest';
import { adaptGeometry, marginsAround } from '../../core/adapt-geometry';
import { adaptMaskPixels } from '../../core/adapt-mask';
import { ADAPT_MAX_CROP, ADAPT_PRESETS, adaptPrompt, adaptSelection, canAdapt, narrowerText, placementOf, presetLabel, presetNote } from '../../core/adapt-sizes';

describe('adapt presets', () => {
  it('hold the common social and ad sizes, and only the leaderboard is past 1:3..3:1 (made at 3:1, its top and bottom cropped)', () => {
    expect(ADAPT_PRESETS.map((p) => `${p.width}x${p.height}`)).toEqual(['1080x1080', '1080x1920', '1200x628', '1600x900', '300x250', '728x90']);
    const past = ADAPT_PRESETS.filter((p) => presetNote(p) !== null);
    expect(past.map((p) => p.id)).toEqual(['leaderboard']);
    expect(presetNote(past[0]!)).toMatch(/made at 3:1 and the frame shows it with its top and bottom cropped/);
    expect(presetLabel(ADAPT_PRESETS[1]!)).toBe('Story 1080×1920');
  });
});

describe('placement choices', () => {
  it('fit and anchor keep the whole master unless "crop" is on; cover always crops', () => {
    expect(placementOf({ kind: 'fit', subject: 'centre', crop: false })).toEqual({ kind: 'fit', interest: { x: 0.5, y: 0.5 }, maxCrop: 0 });
    expect(placementOf({ kind: 'anchor', subject: 'left', crop: true })).toEqual({ kind: 'anchor', interest: { x: 0.2, y: 0.5 }, maxCrop: ADAPT_MAX_CROP });
    expect(placementOf({ kind: 'cover', subject: 'top', crop: false })).toEqual({ kind: 'cover', interest: { x: 0.5, y: 0.2 } });
    expect(narrowerText({ kind: 'fit', subject: 'centre', crop: true })).toMatch(/up to 30 % of it is cropped around the subject first/);
    expect(narrowerText({ kind: 'fit', subject: 'centre', crop: false })).toMatch(/whole master is kept/);
    expect(narrowerText({ kind: 'cover', subject: 'centre', crop: false })).toMatch(/nothing is extended/);
  });

  it('a 16:9 master in a 9:16 story: cropping keeps the subject larger than fitting, and anchors it on the left', () => {
    const master = { width: 1600, height: 900 };
    const target = { width: 576, height: 1024 };
    const fit = adaptGeometry({ master, target, placement: placementOf({ kind: 'fit', subject: 'left', crop: false }) });
    const cropped = adaptGeometry({ master, target, placement: placementOf({ kind: 'anchor', subject: 'left', crop: true }) });
    expect(fit.crop).toEqual({ x: 0, y: 0, width: 1600, height: 900 });
    expect(cropped.crop.width).toBe(Math.round(1600 * (1 - ADAPT_MAX_CROP)));
    expect(cropped.crop.x).toBe(0);
    expect(cropped.placed.height).toBeGreaterThan(fit.placed.height);
  });
});

describe('the selection to adapt', () => {
  const t = (id: string, hasImageFill: boolean) => ({ id, hasImageFill });
  it('is one image-filled master and the other frames; anything else says why', () => {
    expect(adaptSelection([t('a', false), t('m', true), t('b', false)])).toEqual({ ok: true, master: t('m', true), targets: [t('a', false), t('b', false)] });
    expect(adaptSelection([t('a', false), t('b', false)])).toMatchObject({ ok: false, problem: expect.stringMatching(/^The master has no image/) });
    expect(adaptSelection([t('m', true), t('n', true)])).toMatchObject({ ok: false, problem: expect.stringMatching(/^2 selected frames have images/) });
    expect(adaptSelection([t('m', true)])).toMatchObject({ ok: false, problem: expect.stringMatching(/add preset sizes/) });
    expect(canAdapt([t('m', true), t('a', false)])).toBe(true);
    expect(canAdapt([t('m', true)])).toBe(false);
    expect(canAdapt([t('a', false), t('b', false)])).toBe(false);
  });

  it('the prompt extends the scene and keeps what is there, then the words', () => {
    expect(adaptPrompt('  a sunny beach ')).toBe('Extend the scene; keep everything already there unchanged.\na sunny beach');
    expect(adaptPrompt('')).toBe('Extend the scene; keep everything already there unchanged.');
  });
});

describe('the adapt mask', () => {
  it('is opaque black over the placed master and alpha 0 exactly over the margins', () => {
    const size = { width: 12, height: 7 };
    const placed = { x: 3, y: 1, width: 5, height: 4 };
    const data = adaptMaskPixels(size, marginsAround(size, placed));
    for (let y = 0; y < size.height; y++)
      for (let x = 0; x < size.width; x++) {
        const i = (y * size.width + x) * 4;
        const inside = x >= 3 && x < 8 && y >= 1 && y < 5;
        expect([data[i], data[i + 1], data[i + 2], data[i + 3]]).toEqual([0, 0, 0, inside ? 255 : 0]);
      }
  });
});
