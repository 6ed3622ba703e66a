/**
 * Figment's failures, in OpenAI's error body shape (`{ error: { message, type, param, code } }`) so that any
 * OpenAI client reports them well. Routes and middleware throw them, the way Hono throws `HTTPException`
 * (https://hono.dev/docs/api/exception); app.ts's one `app.onError` answers them.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiError, ErrorCode, ErrorResponse } from '../../contract/api';

const TYPE_FOR_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'invalid_request_error',
  403: 'invalid_request_error',
  404: 'invalid_request_error',
  413: 'invalid_request_error',
  429: 'rate_limit_error',
  502: 'server_error',
  504: 'server_error',
};

/** A failure that becomes an HTTP error answer, or an `error` event once a stream has started. */
export class ApiFailure extends HTTPException {
  declare readonly status: ContentfulStatusCode;
  readonly error: ApiError;
  readonly headers: Record<string, string>;

  constructor(
    status: ContentfulStatusCode,
    error: Omit<ApiError, 'type' | 'param'> & Partial<Pick<ApiError, 'type' | 'param'>>,
    headers: Record<string, string> = {},
  ) {
    super(status, { message: error.message });
    this.name = 'ApiFailure';
    this.error = { type: TYPE_FOR_STATUS[status] ?? 'server_error', param: null, ...error };
    this.headers = headers;
  }

  /** The answer outside a request context (Hono's default handler); app.ts's `onError` uses `failureResponse`. */
  override getResponse(): Response {
    return Response.json(errorBody(this.error), { status: this.status, headers: this.headers });
  }
}

export function failure(status: ContentfulStatusCode, code: ErrorCode, message: string, param: string | null = null): ApiFailure {
  return new ApiFailure(status, { code, message, param });
}

export function errorBody(error: ApiError): ErrorResponse {
  return { error };
}

/** The answer to `f` in `c`, keeping the headers already set on `c` (request id, job id, CORS). */
export function failureResponse(c: Context, f: ApiFailure): Response {
  for (const [name, value] of Object.entries(f.headers)) c.header(name, value);
  return c.json(errorBody(f.error), f.status);
}

/** Anything thrown becomes an ApiFailure; unknown errors become a 500 that reveals nothing internal. */
export function asFailure(error: unknown): ApiFailure {
  if (error instanceof ApiFailure) return error;
  return failure(500, 'internal_error', 'The backend hit an unexpected error; it has been logged.');
}

/** The request's JSON body, or a 400 naming what is wrong. */
export async function jsonBody(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw failure(400, 'invalid_request', 'The body must be a JSON object (Content-Type: application/json).');
  }
}
