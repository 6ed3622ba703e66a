import { describe, expect, it } from 'vitest';
import { costFromUsage, estimateCost, estimateOutputTokens, formatUsd } from '../../core/cost';

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

  it('uses the published per-image prices for fixed-size models', () => {
    expect(estimateCost({ model: 'gpt-image-1.5', size: '1536x1024', quality: 'high' }).usd).toBeCloseTo(0.2, 3);
    expect(estimateCost({ model: 'gpt-image-1-mini', size: '1024x1024', quality: 'low' }).usd).toBeCloseTo(0.005, 4);
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
