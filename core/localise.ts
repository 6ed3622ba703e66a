/**
 * Localise (issue 16): which selected frames can be localised, the languages asked for (common ones and free
 * entry, checked against the backend's TRANSLATION_LIMITS before anything is sent), one translation request for every
 * text of every frame, the review it becomes, each copy's name ("Hero / French") and the edit prompt's change in the
 * words of OpenAI's guide for edits: what changes (each text, quoted exactly, in the target language), then what
 * stays. Pure.
 */
import { TRANSLATION_LIMITS as L, type TranslationRequest, type TranslationResponse } from '../contract/api';

/** Offered as one click each; anything else is typed (a name or a code: "Catalan", "pt-BR"). */
export const COMMON_LANGUAGES = ['French', 'German', 'Spanish', 'Italian', 'Portuguese (Brazil)', 'Dutch', 'Polish', 'Japanese', 'Korean', 'Chinese (Simplified)', 'Arabic', 'Turkish'] as const;

/** A frame as Localise needs it: its image (to edit) and its text layers (to translate). */
export interface LocaliseSource {
  id: string;
  name: string;
  width: number;
  height: number;
  hasImageFill: boolean;
  text?: string[];
}

/** A selected frame Localise leaves alone, and why (shown beside the control). */
export interface LocaliseSkip {
  id: string;
  name: string;
  reason: string;
}

export const NO_IMAGE_REASON = 'has no image to edit: Localise edits the image a frame shows';
export const NO_TEXT_REASON = 'has no text layers: Localise translates the text layers and renders them in the image';

/**
 * A text layer's words as Localise keys and sends them: spaces inside each line collapsed, blank lines dropped, its
 * line breaks kept (a two-line headline stays on two lines in the copy; the translator is asked to keep them). The
 * main thread matches the copy's text layers by the same tidying (src/localise.ts).
 */
export const tidyText = (t: string): string =>
  t
    .split(/\r\n|[\n\r\u2028\u2029]/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');

/** A frame's texts to translate: its text layers, tidied, empty ones left out. */
export const linesOf = (frame: Pick<LocaliseSource, 'text'>): string[] => (frame.text ?? []).map(tidyText).filter(Boolean);

/** The frames that can be localised (an image and some text) and the others, each with its reason. */
export function localisable<F extends LocaliseSource>(frames: readonly F[]): { frames: F[]; skipped: LocaliseSkip[] } {
  const skipped: LocaliseSkip[] = [];
  const ok: F[] = [];
  for (const f of frames) {
    if (!f.hasImageFill) skipped.push({ id: f.id, name: f.name, reason: NO_IMAGE_REASON });
    else if (linesOf(f).length === 0) skipped.push({ id: f.id, name: f.name, reason: NO_TEXT_REASON });
    else ok.push(f);
  }
  return { frames: ok, skipped };
}

/** Free entry: names or codes separated by commas or new lines, trimmed, each once (the first spelling kept). */
export function parseLanguages(typed: string): string[] {
  const seen = new Set<string>();
  return typed
    .split(/[,\n;]/)
    .map((l) => l.trim())
    .filter((l) => l && !seen.has(l.toLowerCase()) && seen.add(l.toLowerCase()));
}

/** Why these languages cannot be asked for (the backend's rules, contract/api.ts TRANSLATION_LIMITS), or null. */
export function languagesProblem(languages: readonly string[]): string | null {
  if (languages.length === 0) return 'Pick at least one language.';
  if (languages.length > L.maxLanguages) return `At most ${L.maxLanguages} languages at a time (${languages.length} picked).`;
  for (const l of languages) {
    if (!l.trim()) return 'A language must not be empty.';
    if (l.trim().length > L.maxLanguageChars) return `“${l.slice(0, 20)}…” is longer than ${L.maxLanguageChars} characters: type a language name or code.`;
    if (/\p{Cc}/u.test(l)) return `“${l}” is not a language name or code.`;
  }
  if (new Set(languages.map((l) => l.trim().toLowerCase())).size !== languages.length) return 'A language is listed twice.';
  return null;
}

/** Why this translation request would be refused (the same limits the backend enforces), or null. */
export function translationProblem(req: TranslationRequest): string | null {
  if (req.texts.length === 0) return 'There is no text to translate.';
  if (req.texts.length > L.maxTexts) return `At most ${L.maxTexts} texts can be translated at a time (${req.texts.length} here): localise fewer frames at once.`;
  const long = req.texts.find((t) => t.length > L.maxTextChars);
  if (long !== undefined) return `A text layer holds ${long.length} characters; at most ${L.maxTextChars} can be translated: “${long.slice(0, 30)}…”.`;
  const total = req.texts.reduce((n, t) => n + t.length, 0);
  if (total > L.maxTotalChars) return `The frames hold ${total} characters of text; at most ${L.maxTotalChars} can be translated at a time: localise fewer frames at once.`;
  return languagesProblem(req.languages);
}

/** One request for every frame's lines (each distinct line once) into every language. */
export function translationRequest(frames: readonly Pick<LocaliseSource, 'text'>[], languages: readonly string[]): TranslationRequest {
  return { texts: [...new Set(frames.flatMap(linesOf))], languages: languages.map((l) => l.trim()) };
}

/** One frame's review: its lines and, per language (in the order picked), the translation of each line. */
export interface FrameReview {
  id: string;
  name: string;
  width: number;
  height: number;
  lines: string[];
  translations: Record<string, string[]>;
}

/**
 * The backend's answer spread back over the frames; an answer that leaves out a language or a text is refused
 * (a missing line would otherwise be sent to the paid edit untranslated).
 */
export function reviewOf(frames: readonly LocaliseSource[], req: TranslationRequest, res: TranslationResponse): FrameReview[] {
  const index = new Map(req.texts.map((t, i) => [t, i]));
  const byLanguage = new Map<string, string[]>();
  for (const language of req.languages) {
    const answer = res.translations.find((t) => t.language.toLowerCase() === language.toLowerCase());
    if (!answer || answer.texts.length !== req.texts.length || answer.texts.some((t) => typeof t !== 'string')) {
      throw new Error(`The translation into ${language} came back incomplete; nothing was changed. Try again.`);
    }
    byLanguage.set(language, answer.texts);
  }
  return frames.map((f) => {
    const lines = linesOf(f);
    const translations = Object.fromEntries(req.languages.map((language) => [language, lines.map((l) => byLanguage.get(language)![index.get(l)!]!)]));
    return { id: f.id, name: f.name, width: f.width, height: f.height, lines, translations };
  });
}

/** The copy's layer name: the frame's, then the language ("Hero / French"). */
export const localisedName = (frameName: string, language: string): string => `${frameName} / ${language.trim()}`;

/** A text quoted exactly; a text of several lines as each line quoted, "/" between, and how many lines (the edit prompt is one paragraph). */
const quote = (t: string) => {
  const lines = tidyText(t).split('\n');
  const quoted = lines.map((l) => `"${l.replace(/"/g, '\u201d')}"`).join(' / ');
  return lines.length > 1 ? `${quoted} (${lines.length} lines)` : quoted;
};

/**
 * The edit's change: every text the image shows replaced by its translation, each quoted exactly and paired with the
 * line it replaces, then what stays (typeface, size, colour, position, alignment, layout). editPrompt (core/prompt.ts)
 * adds "Keep everything else unchanged" after it.
 */
export function localiseChange(language: string, lines: readonly string[], translated: readonly string[]): string {
  const pairs = lines.map((l, i) => ({ from: tidyText(l), to: tidyText(translated[i] ?? '') }));
  const empty = pairs.find((p) => !p.to);
  if (empty) throw new Error(`The ${language} translation of “${empty.from}” is empty.`);
  const list = pairs.map((p) => `${quote(p.from)} becomes exactly ${quote(p.to)}`).join('; ');
  return `translate the text rendered in the image into ${language.trim()}: ${list}; spell each translation exactly as written, with the same typeface, weight, size, colour, position, alignment and line layout as the text it replaces`;
}
