import type { Health } from '../state/app-state';

/** Whether the backend answers, and whether it makes real images or placeholders. */
export function HealthLine({ health }: { health: Health }) {
  if (health.state === 'unconfigured') return <span class="dim">Not connected</span>;
  if (health.state === 'checking') return <span class="dim">Connecting…</span>;
  if (health.state === 'error') {
    return (
      <span class="error" role="alert">
        Backend unreachable: {health.message}
      </span>
    );
  }
  const { info } = health;
  return info.provider === 'demo' ? (
    <span class="badge demo" role="status">
      Demo mode: placeholder images, no OpenAI key on the backend
    </span>
  ) : (
    <span class="dim">
      Connected · {info.defaultModel}
      {info.status === 'degraded' ? ' · degraded' : ''}
    </span>
  );
}
