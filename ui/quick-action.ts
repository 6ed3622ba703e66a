/**
 * How a Quick Actions run ends: the work it started (a generation turn, or an edit of the focused frame) reduced to
 * the one report the main thread turns into a notification before it closes the plugin. Pure.
 */
import type { DesignUiToMain } from '../contract/design-messages';
import type { EditRun } from './state/thread-state';
import type { Turn } from './state/turns';

export type QuickWork = { kind: 'turn' | 'edit'; id: string };
export type QuickDone = Extract<DesignUiToMain, { type: 'quick-action-done' }>;

const TURN_OVER = new Set(['done', 'failed', 'not-placed', 'stopped']);
/** An edit with several variations waits for a choice the hidden UI cannot offer: that ends the quick action too. */
const EDIT_OVER = new Set(['done', 'failed', 'not-placed', 'stopped', 'choosing']);

/** The report once the work is over, or null while it is still running. */
export function quickOutcome(work: QuickWork, turns: readonly Turn[], runs: readonly EditRun[]): QuickDone | null {
  if (work.kind === 'turn') {
    const turn = turns.find((t) => t.id === work.id);
    if (!turn || turn.items.some((i) => !TURN_OVER.has(i.status))) return null;
    const filled = turn.items.filter((i) => i.status === 'done').length;
    return { type: 'quick-action-done', filled, failed: turn.items.length - filled };
  }
  const run = runs.find((r) => r.id === work.id);
  if (!run || !EDIT_OVER.has(run.status)) return null;
  if (run.status === 'done') return { type: 'quick-action-done', filled: 1, failed: 0 };
  if (run.status === 'choosing') return { type: 'quick-action-done', filled: 0, failed: 0, message: `Figment made ${run.results.length} versions of “${run.nodeName}”; open Figment to choose one.` };
  return { type: 'quick-action-done', filled: 0, failed: 1, message: `Figment could not edit “${run.nodeName}”: ${run.message ?? 'the edit did not finish.'}` };
}
