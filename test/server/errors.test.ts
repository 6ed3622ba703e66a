/** Failures are thrown (Hono's HTTPException style) and answered by the app's one onError, in OpenAI's body shape. */
import { HTTPException } from 'hono/http-exception';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_ID_HEADER } from '../../contract/api';
import { ApiFailure, failure } from '../../server/http/errors';
import { startTestBackend, type TestBackend } from './helpers';

let backend: TestBackend;
beforeAll(async () => {
  backend = await startTestBackend();
});
afterAll(() => backend.close(1000));

describe('ApiFailure', () => {
  it('is an HTTPException whose own response is the OpenAI error body with its headers', async () => {
    const f = new ApiFailure(429, { code: 'rate_limited', message: 'Slow down.' }, { 'Retry-After': '3' });
    expect(f).toBeInstanceOf(HTTPException);
    const res = f.getResponse();
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(await res.json()).toEqual({ error: { code: 'rate_limited', message: 'Slow down.', type: 'rate_limit_error', param: null } });
    expect(failure(404, 'not_found', 'No.').getResponse().status).toBe(404);
  });
});

describe('thrown failures over HTTP', () => {
  it('keep the request id header and the OpenAI body, from middleware and routes alike', async () => {
    const fromMiddleware = await backend.call('/v1/jobs', { token: null });
    const fromRoute = await backend.call('/v1/jobs/00000000-0000-4000-8000-000000000000');
    for (const [res, status, code] of [
      [fromMiddleware, 401, 'missing_access_token'],
      [fromRoute, 404, 'not_found'],
    ] as const) {
      expect(res.status).toBe(status);
      expect(res.headers.get(REQUEST_ID_HEADER)).toBeTruthy();
      expect(((await res.json()) as { error: { code: string } }).error).toMatchObject({ code, type: 'invalid_request_error' });
    }
  });
});
