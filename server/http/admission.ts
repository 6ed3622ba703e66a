/** Admission for a paid request: the token's limits, with the request's estimated cost reserved. */
import type { Context, MiddlewareHandler } from 'hono';
import { estimateCost } from '../../core/cost';
import type { Quality } from '../../core/sizing';
import type { Admission, UsageLimits } from '../limits';
import type { AppEnv } from './middleware';

export interface Priced {
  model: string;
  size: string;
  quality: string;
  n: number;
  partialImages: number;
}

/**
 * The most a request may cost, for the spend reservation. `auto` sizes are priced at the model's largest
 * common size (1536x1024) and `auto` quality as high (core/cost.ts), so the estimate errs high, never low.
 */
export function estimateUsd({ model, size, quality, n, partialImages }: Priced): number {
  return estimateCost({ model, size: size === 'auto' ? '1536x1024' : size, quality: quality as Quality, n, partialImages }).usd;
}

/** The budget for a request already counted by `countRequests` (before its body was read). */
export function admit(c: Context<AppEnv>, limits: UsageLimits, request: Priced): Promise<Admission> {
  return limits.admitImages(c.var.tokenName, request.n, estimateUsd(request));
}

/** Counts a paid request against its token's per-minute limit before its body is read. */
export function countRequests(limits: UsageLimits): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method === 'POST') await limits.countRequest(c.var.tokenName);
    await next();
  };
}
