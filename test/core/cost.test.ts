import { describe, expect, it } from 'vitest';
import { costFromUsage, estimateCost, estimateInputImageTokens, estimateOutputTokens, estimateSeconds, formatUsd } from '../../core/cost';
import { findModel } from '../../core/models';

describe('estimateOutputTokens for gpt-image-2', () => {
  it.each([
    ['1024x1024', 'low', 196],
    ['1024x1024', 'medium', 1756],
    ['1024x1024', 'high', 7024],
    ['1536x1024', 'low', 158],
    ['1024x1536', 'medium', 1372],
    ['1536x1024', 'medium', 1372],
    ['1536x1024', 'high', 5488],
    ['1536x864', 'high', 4312],
    ['2048x2048', 'medium', 3568],
    ['2048x1152', 'high', 5650],
    ['3840x2160', 'high', 13342],
  ] as const)('%s %s = %i tokens (published figures)', (size, quality, tokens) => {
    expect(estimateOutputTokens('gpt-image-2', size, quality)).toBe(tokens);
  });

  it('estimates auto as high, the dearest outcome', () => {
    expect(estimateOutputTokens('gpt-image-2', '1024x1024', 'auto')).toBe(7024);
  });
});

describe('estimateCost', () => {
  it('prices output tokens and partial images at $30 per 1M for gpt-image-2', () => {
    expect(estimateCost({ model: 'gpt-image-2', size: '1024x1024', quality: 'high' }).usd).toBeCloseTo(0.2107, 4);
    const withPartials = estimateCost({ model: 'gpt-image-2', size: '1024x1024', quality: 'high', n: 2, partialImages: 2 });
    expect(withPartials.outputTokens).toBe(2 * (7024 + 200));
  });

  it('follows the model: 2.6 spends 3.5x the tokens at low and medium, the same at high, more at xhigh and max', () => {
    const at = (model: string, quality: 'low' | 'medium' | 'high' | 'xhigh' | 'max') => estimateOutputTokens(model, '1024x1024', quality);
    expect(at('gpt-image-2.6-flare', 'low')).toBe(Math.round(196 * 3.5));
    expect(at('gpt-image-2.6-sunburst', 'medium')).toBe(Math.round(1756 * 3.5));
    expect(at('gpt-image-2.6-flare', 'high')).toBe(7024);
    expect(at('gpt-image-2.5-flare', 'low')).toBe(196);
    expect(at('gpt-image-2.5-sunburst', 'xhigh')).toBe(7024 * 2);
    expect(at('gpt-image-2.6-flare', 'max')).toBe(7024 * 4);
    // auto is estimated at the dearest quality the model offers, so a budget is never overrun.
    expect(estimateOutputTokens('gpt-image-2.6-flare', '1024x1024', 'auto')).toBe(at('gpt-image-2.6-flare', 'max'));
    expect(estimateOutputTokens('gpt-image-2', '1024x1024', 'auto')).toBe(7024);
  });

  it('prices a model given with its capabilities (a team\'s models file) at its own rates', () => {
    const house = { ...findModel('gpt-image-2')!, id: 'house', prices: { textIn: 1, imageIn: 1, imageOut: 60 } };
    expect(estimateCost({ model: house, size: '1024x1024', quality: 'high' }).usd).toBeCloseTo((7024 * 60) / 1e6, 9);
  });
});

describe('costFromUsage', () => {
  it('charges text in, image in and image out at their own prices', () => {
    const usd = costFromUsage('gpt-image-2', {
      input_tokens: 1050,
      output_tokens: 1000,
      total_tokens: 2050,
      input_tokens_details: { text_tokens: 50, image_tokens: 1000 },
    });
    expect(usd).toBeCloseTo((50 * 5 + 1000 * 8 + 1000 * 30) / 1e6, 9);
  });

  it('treats undetailed input as text', () => {
    expect(costFromUsage('gpt-image-2', { input_tokens: 100, output_tokens: 0, total_tokens: 100 })).toBeCloseTo(0.0005, 9);
  });
});

describe('formatUsd', () => {
  it('shows sub-cent amounts with three decimals', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(0.0047)).toBe('$0.005');
    expect(formatUsd(0.211)).toBe('$0.21');
  });
});

describe('estimateSeconds', () => {
  it('follows the model\'s typical latency: Flare is faster than gpt-image-2', () => {
    expect(estimateSeconds('gpt-image-2', 'low', '1024x1024')).toEqual([10, 20]);
    expect(estimateSeconds('gpt-image-2.6-flare', 'low', '1024x1024')).toEqual([6, 12]);
    expect(estimateSeconds('gpt-image-2.6-sunburst', 'max', '1024x1024')).toEqual([180, 420]);
    expect(estimateSeconds('gpt-image-2.6-flare', 'high', '3840x2160')).toEqual([38, 120]);
  });
});

describe('input images (issue 15)', () => {
  it('an edit with input images costs more: each adds its patch count at the model image-in price', () => {
    const plain = estimateCost({ model: 'gpt-image-2', size: '1024x1024', quality: 'medium' });
    const withInput = estimateCost({ model: 'gpt-image-2', size: '1024x1024', quality: 'medium', inputImages: ['1024x1024'] });
    expect(estimateInputImageTokens('1024x1024')).toBe(1024);
    expect(withInput.inputImageTokens).toBe(1024);
    expect(withInput.usd - plain.usd).toBeCloseTo((1024 * 8) / 1_000_000, 9);
  });
});
