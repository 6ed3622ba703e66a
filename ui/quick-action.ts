/**
 * How a Quick Actions run ends: the runs its prompt started (a generation, or an edit of the focused frame) reduced
 * to the one report the main thread turns into a notification before it closes the plugin. Pure.
 */
import type { DesignUiToMain } from '../contract/design-messages';
import { SETTLED_STATUSES, type Run } from './run/run';

export type QuickDone = Extract<DesignUiToMain, { type: 'quick-action-done' }>;

/** The report once every run of the turn has settled (variations wait for a choice the hidden UI cannot offer), or null. */
export function quickOutcome(turnId: string, runs: readonly Run[]): QuickDone | null {
  const mine = runs.filter((r) => r.turnId === turnId);
  if (mine.length === 0 || mine.some((r) => !SETTLED_STATUSES.has(r.status))) return null;
  const filled = mine.filter((r) => r.status === 'done').length;
  const choosing = mine.filter((r) => r.status === 'choosing');
  if (mine.length === 1 && mine[0]!.kind === 'edit') {
    const run = mine[0]!;
    if (run.status === 'done') return { type: 'quick-action-done', filled: 1, failed: 0 };
    if (run.status !== 'choosing') return { type: 'quick-action-done', filled: 0, failed: 1, message: `Figment could not edit “${run.targetName}”: ${run.message ?? 'the edit did not finish.'}` };
  }
  const failed = mine.length - filled - choosing.length;
  if (choosing.length === 0) return { type: 'quick-action-done', filled, failed };
  const run = choosing[0]!;
  return { type: 'quick-action-done', filled, failed, message: `Figment made ${run.images.length} versions of “${run.targetName}”; open Figment to choose one.` };
}
