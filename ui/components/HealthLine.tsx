import type { Health } from '../state/app-state';

interface Props {
  health: Health;
  /** Checks the backend again now (the header's Reconnect); it is also re-checked on its own, see useHealthWatch. */
  onReconnect?(): void;
}

/**
 * The header's word on the backend: whether it answers, and whether it makes real images or free placeholders.
 * When it does not answer, that is all it says (never "Demo mode" from an earlier check), with a Reconnect.
 */
export function HealthLine({ health, onReconnect }: Props) {
  if (health.state === 'unconfigured') return <span class="health dim">Not connected</span>;
  if (health.state === 'checking') return <span class="health dim">Connecting…</span>;
  if (health.state === 'error') {
    return (
      <span class="health" role="alert">
        <span class="badge down" title={health.message}>
          Backend unreachable
        </span>
        {onReconnect && (
          <button type="button" class="link" onClick={onReconnect}>
            Reconnect
          </button>
        )}
      </span>
    );
  }
  const { info } = health;
  return info.provider === 'demo' ? (
    <span class="health" role="status">
      <span class="badge demo status-text" title="The backend has no OpenAI key: it draws free placeholder images of the right size, captioned DEMO.">
        Demo mode: free placeholder images
      </span>
    </span>
  ) : (
    <span class="health" role="status">
      <span class="dim status-text">
        Connected · {info.defaultModel}
        {info.status === 'degraded' ? ' · degraded' : ''}
      </span>
    </span>
  );
}
