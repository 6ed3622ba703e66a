/** Backend failures as the UI explains them: one sentence a designer can act on. */
import type { ApiError } from '../../contract/api';

export class BackendError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly retryAfterSeconds?: number,
    readonly categories: readonly string[] = [],
    readonly jobId?: string,
  ) {
    super(message);
    this.name = 'BackendError';
  }
}

export function fromErrorBody(status: number, error: Partial<ApiError> | undefined, retryAfter: string | null, jobId?: string): BackendError {
  const code = error?.code ?? `http_${status}`;
  const categories = error?.moderation_details?.categories ?? [];
  const seconds = retryAfter !== null && retryAfter !== '' && Number.isFinite(Number(retryAfter)) ? Number(retryAfter) : undefined;
  return new BackendError(error?.message ?? `The backend answered ${status}.`, status, code, seconds, categories, jobId);
}

export function describeError(error: unknown, backendUrl: string): string {
  if (error instanceof BackendError) {
    switch (error.code) {
      case 'moderation_blocked':
        return `Blocked by the content policy${error.categories.length ? ` (${error.categories.join(', ')})` : ''}. Rephrase the prompt and try again.`;
      case 'missing_access_token':
      case 'invalid_access_token':
        return 'Access token rejected — check Settings.';
      case 'rate_limited':
      case 'budget_exceeded':
        return `${error.message}${error.retryAfterSeconds !== undefined ? ` Try again in ${error.retryAfterSeconds} s.` : ''}`;
      default:
        return error.message;
    }
  }
  if (error instanceof DOMException && error.name === 'AbortError') return 'Stopped.';
  return `Cannot reach the backend at ${backendUrl}. Is it running, and is the URL in Settings right?`;
}
