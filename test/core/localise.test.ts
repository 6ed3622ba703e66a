/** Localise's pure rules (core/localise.ts): what can be localised, languages, the request, the review, names, the change. */
import { describe, expect, it } from 'vitest';
import { TRANSLATION_LIMITS } from '../../contract/api';
import {
  languagesProblem,
  localisable,
  localiseChange,
  localisedName,
  NO_IMAGE_REASON,
  NO_TEXT_REASON,
  parseLanguages,
  reviewOf,
  tidyText,
  translationProblem,
  translationRequest,
} from '../../core/localise';

const hero = { id: '1:1', name: 'Hero', width: 600, height: 400, hasImageFill: true, text: ['Summer  sale', 'Shop now'] };
const card = { id: '1:2', name: 'Card', width: 300, height: 300, hasImageFill: true, text: ['Shop now', ' '] };

describe('localise', () => {
  it('keeps frames with an image and text, and says why the others are skipped', () => {
    const plain = { ...hero, id: '1:3', name: 'Wire', hasImageFill: false };
    const silent = { ...hero, id: '1:4', name: 'Photo', text: ['  '] };
    const { frames, skipped } = localisable([hero, plain, silent, card]);
    expect(frames.map((f) => f.id)).toEqual(['1:1', '1:2']);
    expect(skipped).toEqual([
      { id: '1:3', name: 'Wire', reason: NO_IMAGE_REASON },
      { id: '1:4', name: 'Photo', reason: NO_TEXT_REASON },
    ]);
  });

  it('reads free entry as a list, each language once', () => {
    expect(parseLanguages(' French, de\nfrench;pt-BR ,, ')).toEqual(['French', 'de', 'pt-BR']);
  });

  it('checks languages against the backend limits', () => {
    expect(languagesProblem([])).toMatch(/at least one/);
    expect(languagesProblem(['French', 'french'])).toMatch(/twice/);
    expect(languagesProblem(['x'.repeat(TRANSLATION_LIMITS.maxLanguageChars + 1)])).toMatch(/longer than 40 characters/);
    expect(languagesProblem(['Fr\u0007'])).toMatch(/not a language/);
    expect(languagesProblem(Array.from({ length: TRANSLATION_LIMITS.maxLanguages + 1 }, (_, i) => `L${i}`))).toMatch(/At most 20 languages/);
    expect(languagesProblem(['French', 'pt-BR'])).toBeNull();
  });

  it('asks once for every distinct line of every frame, within the limits', () => {
    const req = translationRequest([hero, card], ['French', ' German ']);
    expect(req).toEqual({ texts: ['Summer sale', 'Shop now'], languages: ['French', 'German'] });
    expect(translationProblem(req)).toBeNull();
    expect(translationProblem({ texts: ['x'.repeat(TRANSLATION_LIMITS.maxTextChars + 1)], languages: ['French'] })).toMatch(/at most 2000 can be translated/);
    expect(translationProblem({ texts: Array.from({ length: 11 }, (_, i) => `${i}`.padEnd(1_999, 'x')), languages: ['French'] })).toMatch(/at most 20000/);
    expect(translationProblem({ texts: Array.from({ length: 101 }, (_, i) => `${i}`), languages: ['French'] })).toMatch(/At most 100 texts/);
    expect(translationProblem({ texts: [], languages: ['French'] })).toMatch(/no text/);
  });

  it('spreads the answer back over each frame and language, and refuses an incomplete one', () => {
    const req = translationRequest([hero, card], ['French', 'German']);
    const res = {
      model: 'gpt-5.5',
      translations: [
        { language: 'French', texts: ['Soldes d’été', 'Acheter'] },
        { language: 'german', texts: ['Sommerschlussverkauf', 'Jetzt kaufen'] },
      ],
    };
    const review = reviewOf([hero, card], req, res);
    expect(review).toEqual([
      { id: '1:1', name: 'Hero', width: 600, height: 400, lines: ['Summer sale', 'Shop now'], translations: { French: ['Soldes d’été', 'Acheter'], German: ['Sommerschlussverkauf', 'Jetzt kaufen'] } },
      { id: '1:2', name: 'Card', width: 300, height: 300, lines: ['Shop now'], translations: { French: ['Acheter'], German: ['Jetzt kaufen'] } },
    ]);
    expect(() => reviewOf([hero], req, { ...res, translations: [res.translations[0]!, { language: 'German', texts: ['Sommer'] }] })).toThrow(/German came back incomplete/);
    expect(() => reviewOf([hero], req, { ...res, translations: [res.translations[0]!] })).toThrow(/German came back incomplete/);
  });

  it('names the copy with the language and asks for each line quoted exactly, then what stays', () => {
    expect(localisedName('Hero', ' French ')).toBe('Hero / French');
    const change = localiseChange('French', ['Summer sale', 'Say "hi"'], ['Soldes d’été', ' Dites  "salut" ']);
    expect(change).toBe(
      'translate the text rendered in the image into French: "Summer sale" becomes exactly "Soldes d’été"; "Say ”hi”" becomes exactly "Dites ”salut”"; spell each translation exactly as written, with the same typeface, weight, size, colour, position, alignment and line layout as the text it replaces',
    );
    expect(() => localiseChange('French', ['Summer sale'], ['  '])).toThrow(/French translation of “Summer sale” is empty/);
  });

  it('keeps a text layer\'s line breaks: spaces tidied within each line, blank lines dropped, each line quoted in the change', () => {
    expect(tidyText('  SUMMER \r\n\n  big   SALE \u2028 now ')).toBe('SUMMER\nbig SALE\nnow');
    const req = translationRequest([{ text: ['SUMMER\n SALE', 'SUMMER SALE'] }], ['French']);
    expect(req.texts).toEqual(['SUMMER\nSALE', 'SUMMER SALE']);
    expect(localiseChange('French', ['SUMMER\nSALE'], ['SOLDES\n D’ÉTÉ '])).toContain('"SUMMER" / "SALE" (2 lines) becomes exactly "SOLDES" / "D’ÉTÉ" (2 lines)');
  });
});
