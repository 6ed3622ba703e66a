/**
 * Cross-cutting request handling, as Hono middleware: request ids and access logs, CORS for Figma's plugin
 * iframe, bearer-token access.
 */
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { INCOMPLETE_HEADER, JOB_ID_HEADER, REQUEST_ID_HEADER } from '../../contract/api';
import type { Logger } from '../log';
import { bearerToken, createTokenVerifier, type AccessToken } from '../tokens';
import { failure, failureResponse } from './errors';

export interface AppVariables {
  requestId: string;
  tokenName: string;
  log: Logger;
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
    allowHeaders: ['Authorization', 'Content-Type'],
    exposeHeaders: [JOB_ID_HEADER, REQUEST_ID_HEADER, INCOMPLETE_HEADER, 'Retry-After'],
    maxAge: 600,
  });
}

export function requireAccessToken(tokens: readonly AccessToken[]): MiddlewareHandler<AppEnv> {
  const verify = createTokenVerifier(tokens);
  return async (c, next) => {
    const presented = bearerToken(c.req.header('authorization'));
    if (!presented) {
      return failureResponse(c, failure(401, 'missing_access_token', 'Add your Figment access token (Settings > Access token).'));
    }
    const owner = verify(presented);
    if (!owner) {
      return failureResponse(c, failure(401, 'invalid_access_token', 'This access token is not valid for this backend. Check Settings > Access token.'));
    }
    c.set('tokenName', owner.name);
    await next();
  };
}
