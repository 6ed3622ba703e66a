/**
 * Every wait explained (issue 19): what a run's row and the prompt bar say while images are made. Pure: the
 * run's row shows "Preview 1 of 2 · 12 s of ~30–60 s"; the prompt bar "3 of 12 done · 1 failed" with a Stop all.
 */
import { estimateSeconds } from '../../core/cost';
import { waitText } from '../../core/wait-text';
import { elapsedSeconds, isActive, turnsOf, type Run } from './run';

/** Partial images a run asked for (OpenAI's `partial_images`); a kept job image has none. */
export function partialsRequested(run: Pick<Run, 'request'>): number {
  const { request } = run;
  if (request.route === 'job-image') return 0;
  if (request.route === 'responses') return request.body.tools[0]?.partial_images ?? 0;
  return request.body.partial_images ?? 0;
}

export interface RunProgress {
  /** Previews received so far (0 before the first). */
  previews: number;
  /** Previews asked for; 0 when the run asked for none. */
  previewsOf: number;
  /** Whole seconds since the run started; undefined before it started. */
  elapsed: number | undefined;
  /** The model's expected seconds for this size and quality ([min, max]). */
  expected: [number, number];
  /** "Preview 1 of 2 · 12 s of ~30–60 s", or "Queued" words when nothing started yet. */
  text: string;
}

/** Where an active run is, for its row; undefined for a run that is no longer working. */
export function runProgress(run: Run, now: number): RunProgress | undefined {
  if (!isActive(run)) return undefined;
  const previewsOf = partialsRequested(run);
  const previews = run.partialIndex === undefined ? 0 : Math.min(previewsOf, run.partialIndex + 1);
  const elapsed = run.status === 'queued' ? undefined : elapsedSeconds(run, now);
  const expected = estimateSeconds(run.model, run.quality, run.size);
  const parts: string[] = [];
  if (previewsOf > 0 && run.status === 'running') parts.push(`Preview ${previews} of ${previewsOf}`);
  const wait = `~${waitText(...expected)}`;
  parts.push(elapsed === undefined ? `expected ${wait}` : `${elapsed} s of ${wait}`);
  return { previews, previewsOf, elapsed, expected, text: parts.join(' · ') };
}

export interface BatchTotals {
  /** Images made and placed, or waiting to be picked (variations), or kept in the chat. */
  done: number;
  failed: number;
  /** Reading, queued or running. */
  running: number;
  stopped: number;
  total: number;
  /** The batch's failed runs, for "Retry N failed". */
  failedIds: string[];
  /** The batch's working runs, for "Stop all". */
  runningIds: string[];
}

/**
 * The batch: the runs of the newest prompt and of every earlier prompt still working (two prompts sent in a row
 * are one wait). Empty when there are no runs.
 */
export function batchOf(runs: readonly Run[]): Run[] {
  const turns = turnsOf(runs);
  const newest = turns[turns.length - 1];
  return turns.filter((t) => t === newest || t.runs.some(isActive)).flatMap((t) => t.runs);
}

export function batchTotals(runs: readonly Run[]): BatchTotals {
  const totals: BatchTotals = { done: 0, failed: 0, running: 0, stopped: 0, total: runs.length, failedIds: [], runningIds: [] };
  for (const run of runs) {
    if (isActive(run)) {
      totals.running++;
      totals.runningIds.push(run.id);
    } else if (run.status === 'failed') {
      totals.failed++;
      // A run refused before it started (a selection that cannot be adapted) would only fail again: no Retry, as on its row.
      if (run.startedAt !== undefined) totals.failedIds.push(run.id);
    } else if (run.status === 'stopped') totals.stopped++;
    else if (run.status !== 'applying') totals.done++;
  }
  return totals;
}

/** "3 of 12 done · 1 failed · 2 stopped". */
export function batchText(t: BatchTotals): string {
  return [`${t.done} of ${t.total} done`, ...(t.failed ? [`${t.failed} failed`] : []), ...(t.stopped ? [`${t.stopped} stopped`] : [])].join(' · ');
}
