/**
 * Access tokens the plugin presents as `Authorization: Bearer <token>`. Each has a name (a person or a team)
 * that appears in logs instead of the token itself.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

import type { TokenLimits } from './limits';

export interface AccessToken {
  name: string;
  token: string;
  /** Overrides of the backend-wide limits for this token. */
  limits?: Partial<TokenLimits>;
}

/**
 * A tokens file (`FIGMENT_TOKENS_FILE`): `{ "tokens": [{ "name", "token", "requestsPerMinute"?,
 * "imagesPerDay"?, "spendPerDayUsd"? }] }`.
 */
export function parseTokensFile(text: string): AccessToken[] {
  const data = JSON.parse(text) as { tokens?: unknown };
  if (!Array.isArray(data.tokens)) throw new Error('the tokens file must hold {"tokens": [...]}');
  return data.tokens.map((raw, i) => {
    const t = raw as Record<string, unknown>;
    if (typeof t.name !== 'string' || typeof t.token !== 'string' || t.token.length < 16) {
      throw new Error(`tokens[${i}] needs a "name" and a "token" of at least 16 characters`);
    }
    const limits: Partial<TokenLimits> = {};
    for (const key of ['requestsPerMinute', 'imagesPerDay', 'spendPerDayUsd'] as const) {
      const v = t[key];
      if (v === undefined) continue;
      if (typeof v !== 'number' || !(v > 0)) throw new Error(`tokens[${i}].${key} must be a positive number`);
      limits[key] = v;
    }
    return { name: t.name, token: t.token, limits };
  });
}

/**
 * `FIGMENT_ACCESS_TOKENS`: comma-separated entries, each `name:token` or a bare `token`
 * (named `token-1`, `token-2`... by position).
 */
export function parseAccessTokens(raw: string): AccessToken[] {
  return raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry, index) => {
      const colon = entry.indexOf(':');
      if (colon > 0) return { name: entry.slice(0, colon).trim(), token: entry.slice(colon + 1).trim() };
      return { name: `token-${index + 1}`, token: entry };
    })
    .filter((t) => t.token.length > 0);
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Finds the token's owner, comparing digests in constant time against every configured token so that
 * neither the match position nor the token length leaks through timing.
 */
export function createTokenVerifier(tokens: readonly AccessToken[]): (presented: string) => AccessToken | undefined {
  const known = tokens.map((t) => ({ entry: t, digest: digest(t.token) }));
  return (presented) => {
    const candidate = digest(presented);
    let found: AccessToken | undefined;
    for (const { entry, digest: d } of known) {
      if (timingSafeEqual(candidate, d) && !found) found = entry;
    }
    return found;
  };
}

/** `Bearer <token>` -> token; anything else -> undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
