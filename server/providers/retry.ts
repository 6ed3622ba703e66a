/**
 * Retries of upstream calls, bounded as a whole: 429s and 5xx (and lost connections) are retried with backoff,
 * honouring OpenAI's `Retry-After` up to a cap; every attempt and wait fits in one total budget; waits end at
 * once when the job is cancelled; and each wait is announced (the SSE route sends comments meanwhile).
 */
import { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import { setTimeout as sleep } from 'node:timers/promises';
import { failure } from '../http/errors';
import { cancelledFailure, upstreamFailure } from './upstream-errors';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Each attempt waits at most this long for OpenAI to start answering (ms). */
  attemptTimeoutMs: number;
  /** All attempts and waits together (ms). */
  totalMs: number;
  /** The longest `Retry-After` honoured (s); a longer one ends the call with OpenAI's 429. */
  maxRetryAfterS: number;
}

/** Told before each wait between attempts: how long, and why. */
export type WaitNotice = (ms: number, reason: string) => void;

/** OpenAI's retryable answers, as its SDK treats them: 408, 409, 429 (not out-of-quota) and 5xx; lost connections. */
function retryable(error: unknown): boolean {
  if (error instanceof APIUserAbortError) return false;
  if (error instanceof APIConnectionError) return true;
  if (!(error instanceof APIError) || error.status === undefined) return false;
  if ((error.error as { code?: string } | undefined)?.code === 'insufficient_quota') return false;
  return error.status === 408 || error.status === 409 || error.status === 429 || error.status >= 500;
}

function retryAfterMs(error: unknown): number | undefined {
  if (!(error instanceof APIError)) return undefined;
  const rawMs = error.headers?.get('retry-after-ms');
  const ms = rawMs ? Number(rawMs) : Number.NaN;
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const raw = error.headers?.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

/** Exponential backoff with jitter, as the SDK's own (0.5 s doubling, at most 8 s). */
const backoffMs = (retry: number) => Math.min(8_000, 500 * 2 ** retry) * (1 - Math.random() * 0.25);

export async function withRetries<T>(
  attempt: (signal: AbortSignal, timeoutMs: number) => Promise<T>,
  policy: RetryPolicy,
  signal: AbortSignal,
  onWait?: WaitNotice,
): Promise<T> {
  const deadline = Date.now() + policy.totalMs;
  const outOfTime = () =>
    failure(504, 'upstream_timeout', `OpenAI did not answer within ${Math.round(policy.totalMs / 1000)} s (all attempts together). Try again, or a lower quality or smaller size.`);
  for (let retry = 0; ; retry++) {
    const left = deadline - Date.now();
    if (left <= 0) throw outOfTime();
    try {
      return await attempt(AbortSignal.any([signal, AbortSignal.timeout(left)]), Math.min(policy.attemptTimeoutMs, left));
    } catch (error) {
      if (signal.aborted) throw cancelledFailure();
      if (deadline - Date.now() <= 0) throw outOfTime();
      if (!retryable(error) || retry >= policy.maxRetries) throw error;
      const asked = retryAfterMs(error);
      if (asked !== undefined && asked > policy.maxRetryAfterS * 1000) throw upstreamFailure(error);
      const wait = asked ?? backoffMs(retry);
      if (Date.now() + wait >= deadline) throw upstreamFailure(error);
      onWait?.(wait, upstreamFailure(error).error.code ?? 'upstream_error');
      try {
        await sleep(wait, undefined, { signal });
      } catch {
        throw cancelledFailure();
      }
    }
  }
}
