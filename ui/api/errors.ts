/** Backend failures as exceptions, and as one sentence a designer can act on. */
import type { ApiError } from '../../contract/api';

/** The backend (or OpenAI through it) answered with an `ErrorResponse`, or a stream ended with an `error` event. */
export class ApiErrorException extends Error {
  /** HTTP status; for an `error` event mid-stream, the stream's own status (200). */
  readonly status: number;
  readonly error: ApiError;
  readonly jobId: string | undefined;
  /** From the `Retry-After` header, in seconds. */
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, error: ApiError, options: { jobId?: string; retryAfter?: string | null } = {}) {
    super(error.message);
    this.name = 'ApiErrorException';
    this.status = status;
    this.error = error;
    this.jobId = options.jobId;
    this.retryAfterSeconds = parseRetryAfter(options.retryAfter ?? null);
  }

  get code(): string | null {
    return this.error.code;
  }

  get categories(): readonly string[] {
    return this.error.moderation_details?.categories ?? [];
  }
}

/** `fetch` itself failed: nothing answered at the backend URL (down, wrong URL, CORS, mixed content). */
export class BackendUnreachableError extends Error {
  constructor(readonly backendUrl: string) {
    super(`Cannot reach the backend at ${backendUrl}`);
    this.name = 'BackendUnreachableError';
  }
}

function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** A body that is not an `ErrorResponse` still becomes an `ApiError`, so every failure has code and message. */
export function toApiError(status: number, body: unknown): ApiError {
  const error = (body as { error?: Partial<ApiError> } | null)?.error;
  return {
    message: typeof error?.message === 'string' && error.message ? error.message : `The backend answered HTTP ${status}.`,
    type: typeof error?.type === 'string' ? error.type : 'http_error',
    param: typeof error?.param === 'string' ? error.param : null,
    code: typeof error?.code === 'string' ? error.code : null,
    ...(error?.moderation_details ? { moderation_details: error.moderation_details } : {}),
  };
}

const isAbort = (error: unknown) => error instanceof Error && error.name === 'AbortError';

/** What browsers say when a connection fails or breaks mid-body (Chromium, Firefox, Safari). */
const NETWORK_FAILURE = /^(network ?error|failed to fetch|load failed|networkerror\b)/i;

/** The backend did not answer, or stopped answering mid-stream (issue 19: the header and rows say so alike). */
export function isUnreachable(error: unknown): boolean {
  return error instanceof BackendUnreachableError || (error instanceof TypeError && NETWORK_FAILURE.test(error.message));
}

/** A sentence: capitalised, ending in a full stop (never a bare lowercase "network error"). */
export function sentence(text: string): string {
  const t = text.trim();
  if (!t) return 'Something went wrong.';
  const capital = t[0]!.toUpperCase() + t.slice(1);
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
}

export function describeError(error: unknown): string {
  if (isAbort(error)) return 'Stopped.';
  if (error instanceof BackendUnreachableError) return `Backend unreachable: ${error.backendUrl} did not answer. Is it running, and is the URL in Settings right?`;
  if (isUnreachable(error)) return 'Backend unreachable: the connection broke before the image arrived.';
  if (!(error instanceof ApiErrorException)) return sentence(error instanceof Error ? error.message : String(error));
  const { code, status } = error;
  if (code === 'moderation_blocked') {
    const categories = error.categories.length ? ` (${error.categories.join(', ')})` : '';
    return `The request was blocked by the content policy${categories}. Rephrase the prompt and try again.`;
  }
  if (status === 401 || code === 'missing_access_token' || code === 'invalid_access_token') {
    return 'Access token rejected — check Settings.';
  }
  if (status === 429 || code === 'rate_limited' || code === 'budget_exceeded') {
    const wait = error.retryAfterSeconds !== undefined ? ` Try again in ${error.retryAfterSeconds} s.` : ' Try again later.';
    return `Rate limit reached: ${error.message}${wait}`;
  }
  return sentence(error.message);
}
