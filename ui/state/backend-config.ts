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

/** How long to wait before the `attempt`-th re-check of an unreachable backend: 2, 4, 8, … seconds, at most a minute. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(60_000, 2000 * 2 ** Math.max(0, attempt));
}

/** While connected, how often the backend is asked whether it is still there: often while work runs, rarely when idle. */
export const WATCH_INTERVAL_MS = { busy: 15_000, idle: 60_000 } as const;

/**
 * Keeps the header's health true (issue 19): while the backend is unreachable it calls `reconnect` on its own, with
 * a growing pause; while it is connected, a quiet health check now and then notices a backend that went away
 * (mid-batch, say) and calls `reconnect` so the header says so. `reconnect` is whatever makes the app check again.
 */
export function useHealthWatch(client: BackendClient | null, state: 'unconfigured' | 'checking' | 'ok' | 'error', busy: boolean, reconnect: () => void, failures = 0): void {
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (state === 'ok') setAttempt(0);
    if (state !== 'error') return;
    const timer = setTimeout(() => {
      setAttempt((n) => n + 1);
      reconnect();
    }, reconnectDelayMs(attempt));
    return () => clearTimeout(timer);
  }, [state, attempt]);
  // A run just failed (the backend may have died mid-batch): ask at once rather than at the next interval.
  useEffect(() => {
    if (state !== 'ok' || !client || failures === 0) return;
    const abort = new AbortController();
    client.health({ signal: abort.signal }).catch(() => {
      if (!abort.signal.aborted) reconnect();
    });
    return () => abort.abort();
  }, [failures]);
  useEffect(() => {
    if (state !== 'ok' || !client) return;
    const abort = new AbortController();
    const timer = setInterval(() => {
      client.health({ signal: abort.signal }).catch(() => {
        if (!abort.signal.aborted) reconnect();
      });
    }, busy ? WATCH_INTERVAL_MS.busy : WATCH_INTERVAL_MS.idle);
    return () => {
      clearInterval(timer);
      abort.abort();
    };
  }, [client, state, busy]);
}
