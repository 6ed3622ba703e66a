/**
 * The moderation layer: prompts (and, when configured, uploaded images) go to OpenAI's moderation endpoint
 * (free) before any paid call. A flagged request is refused with `moderation_blocked` and its categories.
 */
import type OpenAI from 'openai';
import type { ModerationMode } from './config';
import { ApiFailure, failure } from './http/errors';
import type { Logger } from './log';
import { cancelledFailure, upstreamFailure } from './providers/upstream-errors';

export const MODERATION_MODEL = 'omni-moderation-latest';

export interface ModerationInput {
  text: string;
  /** PNG/JPEG/WebP bytes with their MIME type. */
  images?: Array<{ bytes: Uint8Array; type: string }>;
}

export interface ModerationVerdict {
  flagged: boolean;
  categories: string[];
}

export type ModerationCheck = (input: ModerationInput, signal: AbortSignal) => Promise<ModerationVerdict>;

export function openAIModeration(client: OpenAI): ModerationCheck {
  return async ({ text, images = [] }, signal) => {
    const input: OpenAI.Moderations.ModerationMultiModalInput[] = [{ type: 'text', text }];
    for (const image of images) {
      input.push({ type: 'image_url', image_url: { url: `data:${image.type};base64,${Buffer.from(image.bytes).toString('base64')}` } });
    }
    const result = await client.moderations.create({ model: MODERATION_MODEL, input }, { signal, maxRetries: 1 });
    const categories = new Set<string>();
    let flagged = false;
    for (const r of result.results) {
      flagged ||= r.flagged;
      for (const [name, hit] of Object.entries(r.categories)) if (hit) categories.add(name);
    }
    return { flagged, categories: [...categories] };
  };
}

export function blockedFailure(categories: readonly string[]): ApiFailure {
  return new ApiFailure(400, {
    code: 'moderation_blocked',
    type: 'image_generation_user_error',
    message: `The request was refused by the moderation check${categories.length ? ` (${categories.join(', ')})` : ''}; nothing was charged.`,
    moderation_details: { moderation_stage: 'input', categories: [...categories] },
  });
}

/** Runs the check as configured: `on` refuses flagged requests, `log-only` logs them, `off` skips the call. */
export async function moderate(
  check: ModerationCheck | undefined,
  mode: ModerationMode,
  input: ModerationInput,
  signal: AbortSignal,
  log: Logger,
): Promise<void> {
  if (!check || mode === 'off') return;
  let verdict: ModerationVerdict;
  try {
    verdict = await check(input, signal);
  } catch (error) {
    if (signal.aborted) throw cancelledFailure();
    if (mode === 'log-only') {
      log.warn('moderation check failed; continuing (log-only)');
      return;
    }
    const f = upstreamFailure(error);
    // A revoked key or a rate limit says more than "unavailable"; anything else is the check being down.
    if (f.error.code !== 'upstream_error') throw f;
    throw failure(502, 'upstream_error', 'The moderation check is unavailable, so the request was not sent. Try again shortly.');
  }
  if (!verdict.flagged) return;
  log.warn('moderation flagged a request', { categories: verdict.categories, enforced: mode === 'on' });
  if (mode === 'on') throw blockedFailure(verdict.categories);
}
