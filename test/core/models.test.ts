/** What we know about each model: the catalogue, snapshots, retirements and warnings. */
import { describe, expect, it } from 'vitest';
import { costFromUsage } from '../../core/cost';
import { BUILT_IN_MODELS, findModel, mergeCatalogue, retiredMessage, retirementNotice, retirementOf } from '../../core/models';

describe('the catalogue', () => {
  it('ships gpt-image-2 and the 2.5 and 2.6 Flare and Sunburst models, and nothing retired', () => {
    expect(BUILT_IN_MODELS.map((m) => m.id)).toEqual(['gpt-image-2', 'gpt-image-2.5-flare', 'gpt-image-2.5-sunburst', 'gpt-image-2.6-flare', 'gpt-image-2.6-sunburst']);
    for (const m of BUILT_IN_MODELS) {
      // Every quality a model offers has a typical latency, so the estimate can always say something.
      for (const q of m.qualities) expect(m.latencySeconds[q], `${m.id} ${q}`).toBeDefined();
    }
  });

  it('knows which model takes what: xhigh/max from 2.5, complexity on 2.6 only', () => {
    expect(findModel('gpt-image-2')!.qualities).toEqual(['low', 'medium', 'high']);
    expect(findModel('gpt-image-2.5-flare')!.qualities).toEqual(['low', 'medium', 'high', 'xhigh', 'max']);
    expect(findModel('gpt-image-2.5-sunburst')!.complexities).toEqual([]);
    expect(findModel('gpt-image-2.6-flare')!.complexities).toEqual(['low', 'medium', 'high']);
    expect(findModel('gpt-image-2.6-sunburst')!.transparentBackground).toBe(true);
  });

  it('finds dated snapshots by their family, and nothing else by prefix', () => {
    expect(findModel('gpt-image-2-2026-04-21')?.id).toBe('gpt-image-2');
    expect(findModel('gpt-image-2.5-sunburst-2026-09-08')?.id).toBe('gpt-image-2.5-sunburst');
    expect(findModel('gpt-image-2.6-flare-extra')).toBeUndefined();
    expect(findModel('gpt-image-2.6')).toBeUndefined();
  });

  it('lets a team entry replace a built-in one by id and add new ones', () => {
    const merged = mergeCatalogue(BUILT_IN_MODELS, [{ ...findModel('gpt-image-2')!, label: 'House GPT Image 2' }, { ...findModel('gpt-image-2.6-flare')!, id: 'gpt-image-2.7-flare' }]);
    expect(findModel('gpt-image-2', merged)?.label).toBe('House GPT Image 2');
    expect(findModel('gpt-image-2.7-flare', merged)?.complexities).toEqual(['low', 'medium', 'high']);
    expect(merged).toHaveLength(BUILT_IN_MODELS.length + 1);
  });

  it('prices usage at the model\'s own rates', () => {
    const usage = { input_tokens: 100, output_tokens: 1000, total_tokens: 1100, input_tokens_details: { text_tokens: 100, image_tokens: 0 } };
    const house = { ...findModel('gpt-image-2')!, id: 'house', prices: { textIn: 10, imageIn: 10, imageOut: 100 } };
    expect(costFromUsage('gpt-image-2.6-flare', usage)).toBeCloseTo((100 * 5 + 1000 * 30) / 1e6, 9);
    expect(costFromUsage(house, usage)).toBeCloseTo((100 * 10 + 1000 * 100) / 1e6, 9);
  });
});

describe('retirements', () => {
  it('knows the retired models with their date and replacement, snapshots included', () => {
    expect(retirementOf('gpt-image-1.5')).toEqual({ id: 'gpt-image-1.5', retiredOn: '2026-12-01', replacement: 'gpt-image-2.6-sunburst or gpt-image-2.6-flare' });
    expect(retirementOf('gpt-image-1.5-2025-12-16')?.retiredOn).toBe('2026-12-01');
    expect(retirementOf('dall-e-3')?.retiredOn).toBe('2026-05-12');
    expect(retirementOf('gpt-image-2')).toBeNull();
  });

  it('refuses a model from its retirement date on, naming the date and the replacement', () => {
    expect(retiredMessage('gpt-image-1.5', '2026-12-03')).toBe('gpt-image-1.5 was shut down by OpenAI on 2026-12-01; use gpt-image-2.6-sunburst or gpt-image-2.6-flare instead.');
    expect(retiredMessage('gpt-image-1.5', '2026-12-01')).toMatch(/shut down/);
    expect(retiredMessage('gpt-image-1.5', '2026-11-30')).toBeNull();
    expect(retiredMessage('gpt-image-1', '2026-12-03')).toMatch(/2026-10-23; use gpt-image-2\.5-sunburst/);
    expect(retiredMessage('gpt-image-2.6-flare', '2026-12-03')).toBeNull();
  });

  it('warns within 60 days of a shutdown, and is quiet before and after', () => {
    const catalogue = mergeCatalogue(BUILT_IN_MODELS, [{ ...findModel('gpt-image-2')!, retiresOn: '2027-01-15', replacement: 'gpt-image-2.6-sunburst' }]);
    expect(retirementNotice('gpt-image-2', '2026-12-03', 60, catalogue)).toBe(
      'gpt-image-2 shuts down on 2027-01-15 (in 43 days): move to gpt-image-2.6-sunburst (FIGMENT_MODEL / FIGMENT_ALLOWED_MODELS).',
    );
    expect(retirementNotice('gpt-image-2', '2027-01-14', 60, catalogue)).toMatch(/in 1 day\)/);
    expect(retirementNotice('gpt-image-2', '2026-11-01', 60, catalogue)).toBeNull();
    expect(retirementNotice('gpt-image-2', '2026-12-03')).toBeNull();
    expect(retirementNotice('gpt-image-1.5', '2026-11-25')).toMatch(/in 6 days\): move to gpt-image-2\.6-sunburst/);
    expect(retirementNotice('gpt-image-1.5', '2026-12-03')).toBeNull();
  });
});
