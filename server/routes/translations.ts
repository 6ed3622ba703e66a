/**
 * `POST /v1/translations`: texts into languages by the backend's text model (FIGMENT_RESPONSES_MODELS), for
 * Localise's review step before any paid edit. Counted against the token's rate limit (app.ts) and refused once
 * a spend cap is reached; the text model's tokens are not priced (Figment's catalogue prices image models only).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { TRANSLATION_LIMITS as L, type TranslationRequest } from '../../contract/api';
import { failure, jsonBody } from '../http/errors';
import type { AppEnv } from '../http/middleware';
import type { UsageLimits } from '../limits';
import type { ImageProvider } from '../providers/types';
import { zodFailure } from '../validation/generation';

// Control characters would reach the model's instructions as they are; a language is a name or a code.
const language = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(L.maxLanguageChars, `must be at most ${L.maxLanguageChars} characters`)
  .regex(/^[^\p{Cc}]+$/u, 'must be a language name or code');

const body = z
  .object({
    texts: z.array(z.string().max(L.maxTextChars, `must be at most ${L.maxTextChars} characters`)).min(1, 'must list at least one text').max(L.maxTexts, `must list at most ${L.maxTexts} texts`),
    languages: z
      .array(language)
      .min(1, 'must list at least one language')
      .max(L.maxLanguages, `must list at most ${L.maxLanguages} languages`)
      .refine((ls) => new Set(ls.map((l) => l.toLowerCase())).size === ls.length, 'must not list a language twice'),
    model: z.string().optional(),
  })
  .strict()
  .refine((b) => b.texts.reduce((n, t) => n + t.length, 0) <= L.maxTotalChars, { message: `must hold at most ${L.maxTotalChars} characters in all`, path: ['texts'] }) satisfies z.ZodType<TranslationRequest>;

export function translationRoutes(provider: ImageProvider, textModels: readonly string[], limits: UsageLimits) {
  return new Hono<AppEnv>().post('/', async (c) => {
    const translate = provider.translate;
    const unavailable = provider.capabilities?.translationsUnavailable;
    if (!translate || textModels.length === 0) throw failure(400, 'invalid_request', unavailable ?? 'This backend allows no text model (FIGMENT_RESPONSES_MODELS).');
    const parsed = body.safeParse(await jsonBody(c));
    if (!parsed.success) throw zodFailure(parsed.error);
    const model = parsed.data.model ?? textModels[0]!;
    if (!textModels.includes(model)) throw failure(400, 'unsupported_model', `"${model}" is not a text model this backend allows (${textModels.join(', ')}).`, 'model');
    // No images and no estimate: refused only when a spend cap is already reached.
    const admission = await limits.admitImages(c.var.tokenName, 0, 0);
    try {
      return c.json(await translate({ ...parsed.data, model }, c.req.raw.signal));
    } finally {
      await limits.settle(admission, 0, 0);
    }
  });
}
