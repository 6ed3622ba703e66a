import { costFromUsage, formatUsd } from '../../core/cost';
import type { BackendClient } from '../api/client';
import { useBackendConfig } from '../state/backend-config';
import type { Run } from '../run/run';

/** What this session has spent (from `usage`, each image at its own model's rates), and what the backend says is left of this token's budget. */
export function CostLine({ client, runs, busy }: { client: BackendClient | null; runs: readonly Run[]; busy: boolean }) {
  // Refreshed when work starts and when it ends, so the budget follows what was just spent.
  const config = useBackendConfig(client, busy);
  const items = runs.filter((r) => r.usage);
  const spent = items.reduce((sum, i) => sum + costFromUsage(i.model, i.usage!), 0);
  const left = config?.remaining;
  return (
    <p class="dim cost-line" aria-label="Spending">
      Session: {items.length} {items.length === 1 ? 'image' : 'images'}, {formatUsd(spent)}
      {left && (
        <>
          {' '}
          · Left today: {left.imagesToday} images{left.spendTodayUsd !== null ? `, ${formatUsd(left.spendTodayUsd)}` : ''}
        </>
      )}
    </p>
  );
}
