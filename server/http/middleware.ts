/**
 * Cross-cutting request handling, as Hono middleware: request ids and access logs, CORS for Figma's plugin
 * iframe, bearer-token access.
 */
import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { cors } from 'hono/cors';
import { INCOMPLETE_HEADER, JOB_ID_HEADER, REQUEST_ID_HEADER } from '../../contract/api';
import type { Logger } from '../log';
import { bearerToken, createTokenVerifier, type AccessToken } from '../tokens';
import { ApiFailure, failure } from './errors';

export interface AppVariables {
  requestId: string;
  tokenName: string;
  log: Logger;
  /** Set by the Idempotency-Key middleware: routes that start a job tell it which. */
  rememberJob?: (jobId: string) => void;
}

export type AppEnv = { Variables: AppVariables };

export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const requestId = randomUUID();
    const started = performance.now();
    c.set('requestId', requestId);
    c.set('log', logger.child({ requestId }));
    c.header(REQUEST_ID_HEADER, requestId);
    await next();
    c.var.log.info('request', {
      token: c.var.tokenName,
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      durationMs: Math.round(performance.now() - started),
    });
  };
}

/**
 * Figma runs plugin UIs in a sandboxed iframe whose origin is the string "null"; a team may add its own web
 * origins. Every other origin gets no CORS headers at all.
 */
export function corsForPlugin(extraOrigins: readonly string[]): MiddlewareHandler<AppEnv> {
  const allowed = new Set(['null', ...extraOrigins]);
  return cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Last-Event-ID'],
    exposeHeaders: [JOB_ID_HEADER, REQUEST_ID_HEADER, INCOMPLETE_HEADER, 'Retry-After'],
    maxAge: 600,
  });
}

/** The client's address as the socket reports it (Node), for per-address limits; `unknown` elsewhere. */
export function clientAddress(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}

/**
 * Bearer-token access. Guessing is slowed down: an address that presents `failedPerMinute` wrong tokens within a
 * minute is answered 429 (with Retry-After) for the rest of that minute, whatever it presents.
 */
export function requireAccessToken(tokens: readonly AccessToken[], failedPerMinute = 10): MiddlewareHandler<AppEnv> {
  const verify = createTokenVerifier(tokens);
  const failures = new RateLimiterMemory({ points: failedPerMinute, duration: 60, keyPrefix: 'failed-login' });
  return async (c, next) => {
    const address = clientAddress(c);
    const record = await failures.get(address);
    if (record && record.consumedPoints >= failedPerMinute) {
      const seconds = Math.max(1, Math.ceil(record.msBeforeNext / 1000));
      throw new ApiFailure(429, { code: 'rate_limited', message: `Too many wrong access tokens from this address; try again in ${seconds} s.` }, { 'Retry-After': String(seconds) });
    }
    const presented = bearerToken(c.req.header('authorization'));
    if (!presented) {
      throw failure(401, 'missing_access_token', 'Add your Figment access token (Settings > Access token).');
    }
    const owner = verify(presented);
    if (!owner) {
      await failures.penalty(address, 1);
      c.var.log?.warn('wrong access token', { address });
      throw failure(401, 'invalid_access_token', 'This access token is not valid for this backend. Check Settings > Access token.');
    }
    c.set('tokenName', owner.name);
    await next();
  };
}
