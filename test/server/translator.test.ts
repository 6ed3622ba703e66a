/** What the translator accepts from the text model's answer, and what it refuses with a reason. */
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import type { ApiFailure } from '../../server/http/errors';
import { checkedTranslations } from '../../server/providers/translator';

const request = { texts: ['Buy', 'Sale'], languages: ['de', 'fr'] };
const answer = (content: unknown[], status = 'completed', reason?: string) =>
  ({ status, incomplete_details: reason ? { reason } : null, output: [{ type: 'message', role: 'assistant', id: 'm', status: 'completed', content }] }) as unknown as OpenAI.Responses.Response;
const text = (value: unknown) => answer([{ type: 'output_text', text: typeof value === 'string' ? value : JSON.stringify(value), annotations: [] }]);
const failureOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e as ApiFailure;
  }
  throw new Error('did not throw');
};

describe('checkedTranslations', () => {
  it('returns one entry per requested language, in the order asked, whatever order the model used', () => {
    const got = checkedTranslations(text({ translations: [{ language: 'fr', texts: ['Acheter', 'Soldes'] }, { language: 'de', texts: ['Kaufen', 'Angebot'] }] }), request);
    expect(got).toEqual([
      { language: 'de', texts: ['Kaufen', 'Angebot'] },
      { language: 'fr', texts: ['Acheter', 'Soldes'] },
    ]);
  });

  it.each([
    ['an unfinished answer', answer([], 'incomplete', 'max_output_tokens'), /incomplete: max_output_tokens/],
    ['no text', answer([]), /no text/],
    ['text that is not JSON', text('Kaufen, Angebot'), /not JSON/],
    ['no translations', text({ result: [] }), /no translations/],
    ['a missing language', text({ translations: [{ language: 'de', texts: ['a', 'b'] }] }), /fr is missing/],
    ['a language short of texts', text({ translations: [{ language: 'de', texts: ['a'] }, { language: 'fr', texts: ['a', 'b'] }] }), /de has 1 texts for 2/],
  ])('refuses %s as an unusable upstream answer (502)', (_name, a, message) => {
    const f = failureOf(() => checkedTranslations(a, request));
    expect(f.status).toBe(502);
    expect(f.error.message).toMatch(message);
  });

  it("passes the model's refusal on as the reason (400)", () => {
    const f = failureOf(() => checkedTranslations(answer([{ type: 'refusal', refusal: 'I cannot help with that.' }]), request));
    expect(f.status).toBe(400);
    expect(f.error.message).toMatch(/refused to translate: I cannot help with that/);
  });
});
