/**
 * The stand-in's Responses API for text with Structured Outputs (`text.format` a JSON schema), as Figment's
 * translation route asks: it refuses a schema strict mode would refuse, "translates" each text by tagging it with
 * its language (so a test can tell which text went where), and checks its answer against the requested schema.
 */
import Ajv from 'ajv';
import { randomUUID } from 'node:crypto';
import type { StandInContext } from './index';
import { openAIError, responseObject } from './payloads';
import type { StandInFaults } from './types';

interface JsonSchemaFormat {
  type: 'json_schema';
  name: string;
  strict?: boolean;
  schema: Record<string, unknown>;
}

export const formatOf = (body: Record<string, unknown>): JsonSchemaFormat | undefined => {
  const format = (body.text as { format?: { type?: string } } | undefined)?.format;
  return format?.type === 'json_schema' ? (format as JsonSchemaFormat) : undefined;
};

/**
 * Why strict mode refuses `schema`, or null. OpenAI's Structured Outputs guide, "Supported schemas":
 * "additionalProperties: false must always be set in objects" and "all fields or function parameters must be
 * specified as required".
 */
export function strictSchemaProblem(schema: unknown, at = '(root)'): string | null {
  if (!schema || typeof schema !== 'object') return null;
  const s = schema as { type?: string; properties?: Record<string, unknown>; required?: string[]; additionalProperties?: unknown; items?: unknown };
  if (s.type === 'object') {
    if (s.additionalProperties !== false) return `In context=${at}, 'additionalProperties' is required to be supplied and to be false.`;
    const missing = Object.keys(s.properties ?? {}).filter((k) => !(s.required ?? []).includes(k));
    if (missing.length) return `In context=${at}, 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing[0]}'.`;
    for (const [k, v] of Object.entries(s.properties ?? {})) {
      const problem = strictSchemaProblem(v, `${at}.${k}`);
      if (problem) return problem;
    }
  }
  return s.type === 'array' ? strictSchemaProblem(s.items, `${at}[]`) : null;
}

/** The user message's text: `input` as a string, or its first user message's content. */
function userText(input: unknown): string {
  if (typeof input === 'string') return input;
  const message = (Array.isArray(input) ? input : []).find((m: { role?: string }) => m?.role === 'user') as { content?: unknown } | undefined;
  if (typeof message?.content === 'string') return message.content;
  const parts = Array.isArray(message?.content) ? (message.content as Array<{ type?: string; text?: string }>) : [];
  return parts.find((p) => p.type === 'input_text')?.text ?? '';
}

/** What the stand-in's "model" writes for one text in one language. */
export const standInTranslation = (text: string, language: string) => `«${language}» ${text}`;

export function respondStructured(
  c: StandInContext,
  body: Record<string, unknown>,
  format: JsonSchemaFormat,
  faults: StandInFaults,
  check: (schema: string, value: unknown, into: string[]) => void,
): Response {
  const record = c.var.record;
  const refuse = (message: string, param: string | null) => {
    const error = openAIError(message, 'invalid_request_error', null, param);
    check('ErrorResponse', error, record.answerErrors);
    return c.json(error, 400);
  };
  if (format.strict) {
    const problem = strictSchemaProblem(format.schema);
    if (problem) return refuse(`Invalid schema for response_format '${format.name}': ${problem}`, 'text.format.schema');
  }
  let task: { texts?: unknown; languages?: unknown };
  try {
    task = JSON.parse(userText(body.input)) as typeof task;
  } catch {
    task = {};
  }
  if (!Array.isArray(task.texts) || !Array.isArray(task.languages)) {
    return refuse('The stand-in answers structured text requests only for translation: {"texts": [...], "languages": [...]}.', 'input');
  }
  const texts = task.texts as string[];
  const translations = (task.languages as string[]).map((language) => ({
    language,
    texts: (faults.garbleTranslations ? texts.slice(1) : texts).map((t) => standInTranslation(t, language)),
  }));
  const text = JSON.stringify({ translations });
  const validate = new Ajv({ strict: false }).compile(format.schema);
  if (!validate(JSON.parse(text))) record.answerErrors.push(`requested schema: ${JSON.stringify(validate.errors)}`);
  const message = {
    type: 'message',
    id: `msg_${randomUUID().replaceAll('-', '')}`,
    status: 'completed',
    role: 'assistant',
    content: [{ type: 'output_text', text, annotations: [], logprobs: [] }],
  };
  const answer = { ...responseObject(`resp_${randomUUID().replaceAll('-', '')}`, String(body.model ?? 'gpt-5.5'), 'completed', [message], body), text: body.text, store: body.store ?? true };
  check('Response', answer, record.answerErrors);
  return c.json(answer);
}
