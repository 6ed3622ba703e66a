/** The stand-in's structured text answers, driven by the real `openai` SDK: strict mode's rules and a checked answer. */
import OpenAI, { BadRequestError } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { translationSchema } from '../../server/providers/translator';
import { startOpenAIStandIn, type StandIn } from './index';
import { standInTranslation, strictSchemaProblem } from './text-responses';

let standIn: StandIn;
let client: OpenAI;
beforeAll(async () => {
  standIn = await startOpenAIStandIn();
  client = new OpenAI({ apiKey: standIn.apiKey, baseURL: standIn.baseURL, maxRetries: 0 });
});
afterAll(() => standIn.close());
beforeEach(() => standIn.reset());

const ask = (schema: Record<string, unknown>, content = JSON.stringify({ texts: ['Hello'], languages: ['it'] })) =>
  client.responses.create({ model: 'gpt-5.5', input: [{ role: 'user', content }], text: { format: { type: 'json_schema', name: 'translations', strict: true, schema } } });

describe('structured text answers', () => {
  it('answers a translation with JSON valid against the requested schema and a spec-valid Response', async () => {
    const answer = await ask(translationSchema(['it']));
    expect(JSON.parse(answer.output_text)).toEqual({ translations: [{ language: 'it', texts: [standInTranslation('Hello', 'it')] }] });
    expect(standIn.requests[0]).toMatchObject({ requestErrors: [], answerErrors: [] });
  });

  it('refuses, as strict mode does, an object that allows more properties or leaves one optional', async () => {
    const loose = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] };
    await expect(ask(loose)).rejects.toThrow(BadRequestError);
    await expect(ask(loose)).rejects.toThrow(/'additionalProperties' is required to be supplied and to be false/);
    expect(strictSchemaProblem({ type: 'object', additionalProperties: false, properties: { a: {}, b: {} }, required: ['a'] })).toMatch(/Missing 'b'/);
    expect(strictSchemaProblem({ type: 'array', items: { type: 'object', properties: {} } })).toMatch(/context=\(root\)\[\]/);
    expect(strictSchemaProblem(translationSchema(['de']))).toBeNull();
  });

  it('refuses a structured request that is not a translation, rather than inventing an answer', async () => {
    await expect(ask(translationSchema(['it']), 'write a poem')).rejects.toThrow(/only for translation/);
  });
});
