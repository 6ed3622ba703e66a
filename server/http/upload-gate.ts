/**
 * Bounds the memory that upload bodies being read may take, across all requests: each upload reserves its
 * declared length (or the upload cap, if it declares none) before a byte is read, and gives it back when its
 * request is answered. Past the bound, a request is answered 503 with Retry-After instead of read.
 */
import type { MiddlewareHandler } from 'hono';
import { ApiFailure, failure } from './errors';
import type { AppEnv } from './middleware';

export class UploadGate {
  private inUse = 0;

  constructor(readonly capacity: number) {}

  get reserved(): number {
    return this.inUse;
  }

  tryReserve(bytes: number): boolean {
    if (this.inUse > 0 && this.inUse + bytes > this.capacity) return false;
    this.inUse += bytes;
    return true;
  }

  release(bytes: number): void {
    this.inUse = Math.max(0, this.inUse - bytes);
  }
}

export function boundedUploads(gate: UploadGate, maxUploadBytes: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const declared = Number(c.req.header('content-length') ?? Number.NaN);
    if (Number.isFinite(declared) && declared > maxUploadBytes) {
      throw failure(413, 'payload_too_large', `The body exceeds ${Math.round(maxUploadBytes / 1024)} KB.`);
    }
    const bytes = Number.isFinite(declared) && declared >= 0 ? declared : maxUploadBytes;
    if (!gate.tryReserve(bytes)) {
      throw new ApiFailure(503, { code: 'rate_limited', message: 'The backend is busy receiving other uploads; try again in a few seconds.' }, { 'Retry-After': '5' });
    }
    try {
      await next();
    } finally {
      gate.release(bytes);
    }
  };
}
