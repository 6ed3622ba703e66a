import { batchOf, batchText, batchTotals } from '../run/progress';
import type { Run } from '../run/run';

interface Props {
  runs: readonly Run[];
  /** Stops every working run. */
  onStopAll(): void;
  /** Runs the given failed runs again, through the one runner. */
  onRetry(ids: readonly string[]): void;
}

/**
 * The batch's progress in the prompt bar (issue 19): "3 of 12 done · 1 failed", whatever is selected now, with one
 * "Stop all (N running)" while work runs and one "Retry N failed" once some failed. Nothing when there is no batch.
 */
export function BatchProgress({ runs, onStopAll, onRetry }: Props) {
  const totals = batchTotals(batchOf(runs));
  if (totals.running === 0 && totals.failed === 0) return null;
  return (
    <div class="batch-progress" role="group" aria-label="Batch">
      <span class="dim" role="status">
        {batchText(totals)}
      </span>
      {totals.failedIds.length > 0 && (
        <button type="button" class="secondary" onClick={() => onRetry(totals.failedIds)}>
          Retry {totals.failedIds.length} failed
        </button>
      )}
      {totals.running > 0 && (
        <button type="button" class="secondary" onClick={onStopAll}>
          Stop all ({totals.running} running)
        </button>
      )}
    </div>
  );
}
