/**
 * Settings' check of a backend URL and access token before they are kept (issue 19): `/v1/health` answers anyone,
 * so it proves the address; `/v1/config` needs the token (and costs nothing: it is not counted against the token's
 * rate limit), so it proves the token. Each problem names the field to fix.
 */
import type { HealthResponse } from '../../contract/api';
import type { BackendClient } from '../api/client';
import { ApiErrorException, BackendUnreachableError, describeError } from '../api/errors';

export type ConnectionCheck =
  | { ok: true; health: HealthResponse }
  | { ok: false; field: 'url' | 'token'; message: string };

const isHealth = (v: unknown): v is HealthResponse =>
  typeof v === 'object' && v !== null && typeof (v as HealthResponse).provider === 'string' && typeof (v as HealthResponse).defaultModel === 'string';

export async function checkConnection(client: BackendClient, backendUrl: string): Promise<ConnectionCheck> {
  let health: unknown;
  try {
    health = await client.health();
  } catch (error) {
    if (error instanceof BackendUnreachableError) {
      return { ok: false, field: 'url', message: `Nothing answered at ${backendUrl}. Is the backend running (npm start), and is the address right?` };
    }
    const status = error instanceof ApiErrorException ? ` (HTTP ${error.status})` : '';
    return { ok: false, field: 'url', message: `${backendUrl} answered, but not as a Figment backend${status}. Check the address.` };
  }
  if (!isHealth(health)) return { ok: false, field: 'url', message: `${backendUrl} answered, but not as a Figment backend. Check the address.` };
  try {
    await client.config();
  } catch (error) {
    if (error instanceof ApiErrorException && error.status === 401) {
      return {
        ok: false,
        field: 'token',
        message: 'The backend refused this access token. Copy it again from what the backend printed at start-up (or its data directory’s access-token file).',
      };
    }
    return { ok: false, field: error instanceof BackendUnreachableError ? 'url' : 'token', message: describeError(error) };
  }
  return { ok: true, health };
}
