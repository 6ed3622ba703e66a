/**
 * Access tokens the plugin presents as `Authorization: Bearer <token>`. Each has a name (a person or a team)
 * that appears in logs instead of the token itself.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { TokenLimits } from './limits';

export interface AccessToken {
  name: string;
  token: string;
  /** Overrides of the backend-wide limits for this token. */
  limits?: Partial<TokenLimits>;
}

/**
 * A tokens file (`FIGMENT_TOKENS_FILE`): `{ "tokens": [{ "name", "token", "requestsPerMinute"?,
 * "imagesPerDay"?, "spendPerDayUsd"?, "spendPerMonthUsd"? }] }`.
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
    for (const key of ['requestsPerMinute', 'imagesPerDay', 'spendPerDayUsd', 'spendPerMonthUsd'] as const) {
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

/** A fresh access token: 24 random bytes, URL-safe, with a prefix that makes it recognisable in a paste. */
export function generateToken(): string {
  return `fgm_${randomBytes(24).toString('base64url')}`;
}

/** Where a backend without configured tokens keeps its one token, inside the data directory. */
export const KEPT_TOKEN_FILE = 'access-token';

export interface KeptToken {
  token: string;
  /** Absolute path of the file that holds it. */
  path: string;
  /** True when this call generated it (first start, or `renew`). */
  created: boolean;
}

/**
 * The token a backend without configured tokens uses: read from `<dataDir>/access-token`, or generated and written
 * there (mode 0600, owner only) when the file is missing or `renew` asks for a new one. Keeping it means a
 * designer pastes it into the plugin once, not after every restart.
 */
export function keptToken(dataDir: string, options: { renew?: boolean } = {}): KeptToken {
  const path = resolve(join(dataDir, KEPT_TOKEN_FILE));
  if (!options.renew && existsSync(path)) {
    const token = readFileSync(path, 'utf8').trim();
    if (token.length < 16 || /\s/.test(token)) {
      throw new Error(`${path} does not hold an access token; delete it or start with --new-token to write a new one`);
    }
    // A copy restored from a backup may have lost its mode: the token is a credential, keep it owner-only.
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    return { token, path, created: false };
  }
  mkdirSync(resolve(dataDir), { recursive: true, mode: 0o700 });
  const token = generateToken();
  // Written beside, then renamed: a crash mid-write never leaves half a token behind.
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${token}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, path);
  return { token, path, created: true };
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
