/**
 * Access tokens the plugin presents as `Authorization: Bearer <token>`. Each has a name (a person or a team)
 * that appears in logs instead of the token itself.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export interface AccessToken {
  name: string;
  token: string;
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
