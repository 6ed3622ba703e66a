import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findModel, FLEXIBLE_LIMITS } from '../../core/models';
import { normalizeBackendUrl } from '../../core/network-access';
import { NEW_FRAME_EDGE, newFrameSize } from '../../core/new-frame';
import { defaultQualityFor, parseSize, requestSizeFor, sizeProblem } from '../../core/sizing';

describe('sizeProblem', () => {
  it.each([
    ['gpt-image-2', 'auto', null],
    ['gpt-image-2', '1024x1024', null],
    ['gpt-image-2', '3840x2160', null],
    ['gpt-image-2', '1536x864', null],
    ['gpt-image-2', '1000x1000', /multiples of 16/],
    ['gpt-image-2', '4096x1024', /longest edge/],
    ['gpt-image-2', '2400x768', /aspect/],
    ['gpt-image-2', '512x512', /at least/],
    ['gpt-image-2', '3840x3840', /at most/],
    ['gpt-image-2', 'big', /WIDTHxHEIGHT/],
    ['gpt-image-2.6-flare', '1536x864', null],
    ['gpt-image-2.5-sunburst-2026-09-08', '3840x2160', null],
    ['gpt-image-2.6-sunburst', '2400x768', /aspect/],
    ['gpt-image-1.5', '1536x1024', /unknown model/],
    ['dall-e-3', '1024x1024', /unknown model/],
  ] as const)('%s %s', (model, size, expected) => {
    const problem = sizeProblem(model, size);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});

describe('sizeProblem with a fixed-size entry (a team\'s models file)', () => {
  const fixed = { ...findModel('gpt-image-2')!, id: 'house-model', sizing: 'fixed' as const, sizes: ['1024x1024', '1792x1024'] };
  it('accepts only its sizes, and sizes frames to the closest of them', () => {
    expect(sizeProblem(fixed, '1792x1024')).toBeNull();
    expect(sizeProblem(fixed, '1536x1024')).toMatch(/only 1024x1024, 1792x1024/);
    expect(requestSizeFor(fixed, 1600, 900, 'high')).toBe('1792x1024');
  });
});

describe('defaultQualityFor with copy to render', () => {
  it('never picks low for a frame with copy: small text needs medium or more', () => {
    expect(defaultQualityFor(100, 100)).toBe('low');
    expect(defaultQualityFor(100, 100, true)).toBe('medium');
    expect(defaultQualityFor(1200, 1200, true)).toBe('high');
  });
});

describe('requestSizeFor', () => {
  it('keeps the frame aspect at twice its density for gpt-image-2', () => {
    expect(requestSizeFor('gpt-image-2', 800, 450, 'high')).toBe('1600x896');
    const banner = parseSize(requestSizeFor('gpt-image-2', 1440, 720, 'high'))!;
    expect(banner.width / banner.height).toBeCloseTo(2, 1);
  });

  it('clamps extreme aspects to 3:1 and lifts tiny frames to the minimum pixel count', () => {
    const strip = parseSize(requestSizeFor('gpt-image-2', 728, 90, 'medium'))!;
    expect(strip.width / strip.height).toBeLessThanOrEqual(3);
    expect(strip.width / strip.height).toBeGreaterThan(2.9);
    const avatar = parseSize(requestSizeFor('gpt-image-2', 48, 48, 'low'))!;
    expect(avatar.width).toBe(avatar.height);
    expect(avatar.width * avatar.height).toBeGreaterThanOrEqual(FLEXIBLE_LIMITS.minPixels);
  });

  it('picks the closest fixed size for other models', () => {
    expect(requestSizeFor('gpt-image-1.5', 1920, 1080, 'high')).toBe('1536x1024');
    expect(requestSizeFor('gpt-image-1.5', 300, 600, 'high')).toBe('1024x1536');
    expect(requestSizeFor('gpt-image-1-mini', 500, 480, 'low')).toBe('1024x1024');
  });

  it('always returns a size the model accepts, close to the frame aspect (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.constantFrom('low', 'medium', 'high', 'auto' as const),
        (w, h, quality) => {
          const size = requestSizeFor('gpt-image-2', w, h, quality);
          expect(sizeProblem('gpt-image-2', size)).toBeNull();
          const { width, height } = parseSize(size)!;
          const wanted = Math.min(3, Math.max(1 / 3, w / h));
          expect(Math.abs(Math.log(width / height / wanted))).toBeLessThan(0.05);
          // At least the frame's own pixels whenever the quality's cap allows it.
          if (w * h <= 1_500_000) expect(width * height).toBeGreaterThanOrEqual(Math.min(w * h, 1_572_864));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('defaultQualityFor', () => {
  it('spends little on small frames and more on large ones', () => {
    expect(defaultQualityFor(48, 48)).toBe('low');
    expect(defaultQualityFor(360, 240)).toBe('medium');
    expect(defaultQualityFor(1440, 720)).toBe('high');
  });
});

describe('newFrameSize', () => {
  it('keeps the image aspect within the new-frame edge, and never enlarges a small image', () => {
    expect(newFrameSize(1536, 1024)).toEqual({ width: NEW_FRAME_EDGE, height: 341 });
    expect(newFrameSize(1024, 1536)).toEqual({ width: 341, height: NEW_FRAME_EDGE });
    expect(newFrameSize(300, 200)).toEqual({ width: 300, height: 200 });
    expect(newFrameSize(2048, 2048, 256)).toEqual({ width: 256, height: 256 });
  });
});

describe('normalizeBackendUrl', () => {
  it('trims and drops trailing slashes, so routes can be appended', () => {
    expect(normalizeBackendUrl('  https://figment.example.com///  ')).toBe('https://figment.example.com');
    expect(normalizeBackendUrl('http://localhost:8787/base/')).toBe('http://localhost:8787/base');
    expect(normalizeBackendUrl('')).toBe('');
  });
});
