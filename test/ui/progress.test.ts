/** Every wait explained (issue 19 item 2), the pure part: a run's progress and a batch's totals. */
import { describe, expect, it } from 'vitest';
import { batchOf, batchText, batchTotals, partialsRequested, runProgress } from '../../ui/run/progress';
import type { Run } from '../../ui/run/run';
import { runFixture } from './fixtures';

const generation = { route: 'generations', body: { prompt: 'p', model: 'gpt-image-2', size: '1024x1024', quality: 'medium', n: 1, partial_images: 2 } } as const;
const running = (id: string, patch: Partial<Run> = {}) => runFixture(id, { status: 'running', request: generation, startedAt: 1_000, ...patch });

describe('runProgress', () => {
  it('counts previews received of previews asked for, and seconds against the model’s expected range', () => {
    // gpt-image-2 at medium quality, 1024x1024: 30–60 s (core/models.ts).
    expect(runProgress(running('a'), 13_500)).toMatchObject({ previews: 0, previewsOf: 2, elapsed: 12, expected: [30, 60], text: 'Preview 0 of 2 · 12 s of ~30–60 s' });
    expect(runProgress(running('a', { partialIndex: 0 }), 21_000)!.text).toBe('Preview 1 of 2 · 20 s of ~30–60 s');
    expect(runProgress(running('a', { partialIndex: 1 }), 41_000)!.text).toBe('Preview 2 of 2 · 40 s of ~30–60 s');
  });

  it('follows the model and quality: a high-quality 2.6 draft expects longer', () => {
    const run = running('a', { model: 'gpt-image-2.6-sunburst', quality: 'high' });
    expect(runProgress(run, 6_000)!.text).toBe('Preview 0 of 2 · 5 s of ~1–3.5 min');
  });

  it('a queued run has no clock yet; a run with no previews asked says only the time', () => {
    expect(runProgress(running('a', { status: 'queued' }), 50_000)!.text).toBe('expected ~30–60 s');
    const noPartials = running('a', { request: { route: 'generations', body: { ...generation.body, partial_images: 0 } } });
    expect(runProgress(noPartials, 4_000)!.text).toBe('3 s of ~30–60 s');
    expect(partialsRequested({ request: { route: 'job-image', url: '/v1/jobs/j/images/0', jobId: 'j' } })).toBe(0);
  });

  it('says nothing once the run is no longer working', () => {
    for (const status of ['done', 'failed', 'stopped', 'choosing', 'not-placed', 'applying'] as const) expect(runProgress(running('a', { status }), 9_000)).toBeUndefined();
  });
});

describe('batch totals', () => {
  it('counts done, failed, stopped and working runs, with the ids to retry and to stop', () => {
    const runs = [
      running('a'),
      running('b', { status: 'queued' }),
      running('c', { status: 'done' }),
      running('d', { status: 'failed' }),
      running('e', { status: 'choosing' }),
      running('f', { status: 'stopped' }),
      running('g', { status: 'reading' }),
      running('h', { status: 'failed' }),
    ];
    const t = batchTotals(runs);
    expect(t).toMatchObject({ done: 2, failed: 2, running: 3, stopped: 1, total: 8, failedIds: ['d', 'h'], runningIds: ['a', 'b', 'g'] });
    expect(batchText(t)).toBe('2 of 8 done · 2 failed · 1 stopped');
    expect(batchText(batchTotals([running('a', { status: 'done' }), running('b')]))).toBe('1 of 2 done');
    // Refused before it started (never sent): counted as failed, but not offered again.
    expect(batchTotals([running('x', { status: 'failed', startedAt: undefined }), running('y', { status: 'failed' })])).toMatchObject({ failed: 2, failedIds: ['y'] });
  });

  it('the batch is the newest prompt’s runs and every earlier prompt still working', () => {
    const runs = [
      running('old', { turnId: 't1', status: 'failed' }),
      running('busy', { turnId: 't2' }),
      running('busy-done', { turnId: 't2', status: 'done' }),
      running('new', { turnId: 't3', status: 'done' }),
    ];
    expect(batchOf(runs).map((r) => r.id)).toEqual(['busy', 'busy-done', 'new']);
    expect(batchOf([])).toEqual([]);
  });
});
