/** The backend's `/v1/config` as a Preact hook, for every component that shows what the backend offers or allows. */
import { useEffect, useState } from 'preact/hooks';
import type { BackendConfig } from '../../contract/api';
import type { BackendClient } from '../api/client';

/**
 * Null until `client` (null until the backend answered its health check) has answered; asked again whenever
 * `refresh` changes. A failed request keeps what was known: the config is advisory, requests are checked anyway.
 */
export function useBackendConfig(client: BackendClient | null, refresh?: unknown): BackendConfig | null {
  const [config, setConfig] = useState<BackendConfig | null>(null);
  useEffect(() => {
    if (!client) return;
    let alive = true;
    client.config().then(
      (c) => alive && setConfig(c),
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, [client, refresh]);
  return config;
}

/** Allowed models this backend cannot serve (Azure: not deployed), by id: why. Empty from older backends. */
export function unavailableModels(config: Pick<BackendConfig, 'capabilities'> | null): Record<string, string> {
  return config?.capabilities?.modelsUnavailable ?? {};
}
