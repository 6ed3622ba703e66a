import { describe, expect, it } from 'vitest';
import { DEMO_PRICE, DEMO_PRICE_LABEL, estimateCost, formatUsd } from '../../core/cost';
import { sendRounds } from '../../core/concurrency';
import { estimateRuns, estimateText } from '../../core/estimate';

// gpt-image-2's catalogue latencies (core/models.ts): low 10–20 s, medium 30–60 s, high 60–200 s.
const low = { model: 'gpt-image-2', size: '1024x1024', quality: 'low' } as const;
const high = { model: 'gpt-image-2', size: '1536x1024', quality: 'high' } as const;

describe('estimateRuns', () => {
  it('adds up every run’s images and cost, partial images included', () => {
    const e = estimateRuns([{ ...low, n: 3 }, high], { partialImages: 2 });
    expect(e.images).toBe(4);
    const usd = estimateCost({ ...low, n: 3, partialImages: 2 }).usd + estimateCost({ ...high, partialImages: 2 }).usd;
    expect(e.usd).toBeCloseTo(usd, 10);
    expect(e.usd).toBeGreaterThan(estimateRuns([{ ...low, n: 3 }, high]).usd!);
  });

  it('sends a few runs at a time, one more each round: twenty banners take four rounds (4, 5, 6, 7 at once) of the slowest run', () => {
    expect([0, 1, 4, 5, 9, 10, 20, 22, 23, 30, 38, 39].map((n) => sendRounds(n))).toEqual([0, 1, 1, 2, 2, 3, 4, 4, 5, 5, 6, 7]);
    expect(sendRounds(20, { initial: 2, max: 2 })).toBe(10);
    expect(estimateRuns(Array.from({ length: 20 }, () => low)).wait).toEqual([40, 80]);
  });

  it('waits as long as the slowest run, since the runs are sent side by side', () => {
    expect(estimateRuns([low, high, low]).wait).toEqual([60, 200]);
    // Each end is the slowest run's: a fast model's range never shortens the batch's.
    expect(estimateRuns([{ ...low, model: 'gpt-image-2.6-flare' }, low]).wait).toEqual([10, 20]);
    expect(estimateRuns([]).wait).toEqual([0, 0]);
  });

  it('prices the input images it is told the size of, and flags those it is not', () => {
    const plain = estimateRuns([low, low]);
    const anchored = estimateRuns([low, { ...low, inputImages: ['1024x1024'] }]);
    expect(anchored.inputImages).toBe(1);
    expect(anchored.usd).toBeGreaterThan(plain.usd!);
    expect(anchored.unpricedInputs).toBe(false);
    const edit = estimateRuns([{ ...low, unpricedInputs: true }]);
    expect(edit).toMatchObject({ inputImages: 0, unpricedInputs: true, usd: plain.usd! / 2 });
  });

  it('names no dollar figure in demo mode', () => {
    expect(estimateRuns([low], { demo: true })).toMatchObject({ images: 1, usd: null, wait: [10, 20] });
  });
});

describe('estimateText', () => {
  const e = estimateRuns([low, high]);
  const usd = formatUsd(e.usd!);

  it('words the count of images, the price and the batch’s wait, in full or short', () => {
    expect(estimateText(e)).toBe(`2 images · about ${usd} · about 1–3.5 min`);
    expect(estimateText(e, { what: '2 frames', short: true })).toBe(`2 frames · ~${usd} · 1–3.5 min`);
    expect(estimateText(estimateRuns([low]))).toMatch(/^1 image · about \$[\d.]+ · about 10–20 s$/);
  });

  it('says what the price includes and what comes on top', () => {
    const anchored = estimateRuns([low, { ...low, inputImages: ['1024x1024', '1024x1024'] }]);
    expect(estimateText(anchored, { short: true })).toBe(`2 images · ~${formatUsd(anchored.usd!)} incl. 2 input images · 10–20 s`);
    expect(estimateText(anchored)).toContain(`about ${formatUsd(anchored.usd!)} incl. 2 input images ·`);
    const edit = estimateRuns([{ ...low, unpricedInputs: true }]);
    expect(estimateText(edit)).toBe(`1 image · about ${formatUsd(edit.usd!)} plus the input images · about 10–20 s`);
    expect(estimateText(edit, { short: true })).toBe(`1 image · ~${formatUsd(edit.usd!)} + inputs · 10–20 s`);
  });

  it('says free in demo mode, whatever the inputs', () => {
    const demo = estimateRuns([{ ...low, unpricedInputs: true }], { demo: true });
    expect(estimateText(demo)).toBe(`1 image · ${DEMO_PRICE} · about 10–20 s`);
    expect(estimateText(demo, { what: '1 frame', short: true })).toBe(`1 frame · ${DEMO_PRICE_LABEL} · 10–20 s`);
  });

  it('gives no wait without runs', () => {
    expect(estimateText(estimateRuns([]), { what: '0 edits' })).toBe('0 edits · about $0.00');
  });
});
