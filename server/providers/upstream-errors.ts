/**
 * Translates what the `openai` SDK throws into Figment failures the plugin can explain. OpenAI's own
 * content-policy refusals keep their code (`moderation_blocked`) and details.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ApiError } from '../../contract/api';
import { ApiFailure, failure } from '../http/errors';

export const CANCELLED_MESSAGE = 'The job was cancelled.';

export function cancelledFailure(): ApiFailure {
  return failure(409, 'job_cancelled', CANCELLED_MESSAGE);
}

export function upstreamFailure(error: unknown): ApiFailure {
  if (error instanceof ApiFailure) return error;
  if (error instanceof APIUserAbortError) return cancelledFailure();
  if (error instanceof APIConnectionTimeoutError) {
    return failure(504, 'upstream_timeout', 'OpenAI did not answer in time. Try again, or a lower quality or smaller size.');
  }
  if (error instanceof APIConnectionError) {
    return failure(502, 'upstream_error', 'The backend cannot reach OpenAI right now.');
  }
  if (error instanceof APIError) return fromApiError(error);
  return failure(502, 'upstream_error', `OpenAI's answer broke off: ${describe(error)}`);
}

function fromApiError(error: APIError): ApiFailure {
  const upstream = (error.error ?? {}) as Partial<ApiError>;
  const status = error.status;
  if (upstream.code === 'moderation_blocked') {
    return new ApiFailure(400, {
      message: upstream.message ?? 'The request was rejected by OpenAI’s content policy.',
      type: upstream.type ?? 'image_generation_user_error',
      param: upstream.param ?? null,
      code: 'moderation_blocked',
      ...(upstream.moderation_details ? { moderation_details: upstream.moderation_details } : {}),
    });
  }
  if (status === 401 || status === 403) {
    return failure(502, 'upstream_auth_failed', `OpenAI rejected the backend's credentials (${status}). The backend's administrator must update its key (OPENAI_API_KEY, or for Azure AZURE_OPENAI_API_KEY or its Entra ID token).`);
  }
  if (status === 429) {
    const retryAfter = error.headers?.get('retry-after') ?? undefined;
    const quota = upstream.code === 'insufficient_quota';
    const message = quota
      ? 'The OpenAI account behind this backend is out of quota.'
      : `OpenAI's rate limit was reached${retryAfter ? `; retry in ${retryAfter} s` : ''}.`;
    return new ApiFailure(429, { code: 'rate_limited', message }, retryAfter ? { 'Retry-After': retryAfter } : {});
  }
  if (status !== undefined && status >= 400 && status < 500) {
    return new ApiFailure(400, {
      message: upstream.message ?? error.message,
      type: upstream.type ?? 'invalid_request_error',
      param: upstream.param ?? null,
      code: upstream.code ?? 'upstream_error',
    });
  }
  if (status === undefined) {
    // An `error` event inside a started stream.
    return failure(502, 'upstream_error', `OpenAI reported an error mid-stream: ${upstream.message ?? error.message}`);
  }
  return failure(502, 'upstream_error', `OpenAI failed (${status}). Try again in a moment.`);
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message.slice(0, 200);
  return 'unknown error';
}
