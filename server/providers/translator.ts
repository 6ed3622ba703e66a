/**
 * Translation for Localise (issue 16): texts into languages by the backend's text model, through the `openai`
 * SDK's Responses API with a strict JSON schema (OpenAI's Structured Outputs), so the answer is data, not prose.
 * Retries are ./retry.ts's, errors ./upstream-errors.ts's, as for images.
 */
import type OpenAI from 'openai';
import type { TranslationRequest, TranslationResponse } from '../../contract/api';
import { failure } from '../http/errors';
import { withRetries, type RetryPolicy } from './retry';
import { cancelledFailure, upstreamFailure } from './upstream-errors';

export type Translate = (request: Required<TranslationRequest>, signal: AbortSignal) => Promise<TranslationResponse>;

export const TRANSLATION_INSTRUCTIONS = [
  'You translate the copy of a design (headlines, buttons, captions) for localisation.',
  'The user message is JSON: {"texts": [...], "languages": [...]}. Translate every text into every language.',
  'Keep meaning, tone and roughly the length; keep numbers, placeholders such as {name}, brand and product names, emoji and line breaks.',
  'Answer with one entry per language, in the order given, with the language exactly as given; its "texts" has one translation per input text, in the same order.',
].join(' ');

/**
 * The answer's shape. Structured Outputs' strict mode takes a subset of JSON Schema: every object lists all its
 * properties as `required` and sets `additionalProperties: false` (OpenAI's Structured Outputs guide, "Supported
 * schemas"); counts are checked on the answer instead.
 */
export function translationSchema(languages: readonly string[]) {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['translations'],
    properties: {
      translations: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['language', 'texts'],
          properties: { language: { type: 'string', enum: [...languages] }, texts: { type: 'array', items: { type: 'string' } } },
        },
      },
    },
  };
}

/** Output tokens allowed: generous for the texts' length in every language, bounded so one request costs little. */
const maxOutputTokens = ({ texts, languages }: TranslationRequest) => Math.min(32_000, 1_000 + languages.length * texts.reduce((n, t) => n + t.length, 0) * 2);

export function createTranslator(clientFor: (model: string) => OpenAI, policy: RetryPolicy): Translate {
  return async (request, signal) => {
    const { texts, languages, model } = request;
    let answer: OpenAI.Responses.Response;
    try {
      answer = await withRetries(
        (s, timeout) =>
          clientFor(model).responses.create(
            {
              model,
              instructions: TRANSLATION_INSTRUCTIONS,
              input: [{ role: 'user', content: JSON.stringify({ texts, languages }) }],
              text: { format: { type: 'json_schema', name: 'translations', strict: true, schema: translationSchema(languages) } },
              max_output_tokens: maxOutputTokens(request),
              // Copy can be confidential: nothing is kept on OpenAI's side for later retrieval.
              store: false,
            },
            { signal: s, timeout, maxRetries: 0 },
          ),
        policy,
        signal,
      );
    } catch (error) {
      throw signal.aborted ? cancelledFailure() : upstreamFailure(error);
    }
    return { model, translations: checkedTranslations(answer, request) };
  };
}

/** The answer's translations, exactly one per language and text, or a 502 saying what the model got wrong. */
export function checkedTranslations(answer: OpenAI.Responses.Response, { texts, languages }: Pick<TranslationRequest, 'texts' | 'languages'>): TranslationResponse['translations'] {
  const wrong = (why: string) => failure(502, 'upstream_error', `The text model's translation was unusable (${why}); try again.`);
  if (answer.status !== 'completed') throw wrong(`its answer is ${answer.status ?? 'unfinished'}${answer.incomplete_details?.reason ? `: ${answer.incomplete_details.reason}` : ''}`);
  const message = answer.output.find((item): item is OpenAI.Responses.ResponseOutputMessage => item.type === 'message');
  const refusal = message?.content.find((c) => c.type === 'refusal');
  if (refusal) throw failure(400, 'invalid_request', `The text model refused to translate: ${refusal.refusal}`);
  const text = message?.content.find((c) => c.type === 'output_text')?.text;
  if (!text) throw wrong('no text');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw wrong('not JSON');
  }
  const entries = (parsed as { translations?: unknown }).translations;
  if (!Array.isArray(entries)) throw wrong('no translations');
  return languages.map((language) => {
    const entry = entries.find((e: { language?: unknown }) => e?.language === language) as { texts?: unknown } | undefined;
    if (!entry) throw wrong(`${language} is missing`);
    if (!Array.isArray(entry.texts) || entry.texts.length !== texts.length || !entry.texts.every((t) => typeof t === 'string')) {
      throw wrong(`${language} has ${Array.isArray(entry.texts) ? entry.texts.length : 'no'} texts for ${texts.length}`);
    }
    return { language, texts: entry.texts as string[] };
  });
}
