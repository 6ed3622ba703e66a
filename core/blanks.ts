/**
 * Starting points (core/prompt.ts SCAFFOLDS) carry `[blanks]` to fill in. These place one in the prompt box at the
 * cursor, keeping what was typed, and find the blank to select next. Offsets are the textarea's selection offsets.
 */

export interface Edit {
  text: string;
  /** What to select afterwards: the first blank of the inserted text, else the end of it. */
  select: [number, number];
}

const BLANK = /\[[^\]\n]*\]/g;

/** The first blank starting at or after `from` (within `to`, when given), as [start, end). */
export function nextBlank(text: string, from: number, to = text.length): [number, number] | null {
  BLANK.lastIndex = 0;
  for (const m of text.matchAll(BLANK)) {
    if (m.index >= from && m.index + m[0].length <= to) return [m.index, m.index + m[0].length];
  }
  return null;
}

/**
 * `insert` put in place of the selection [start, end) of `text`, set apart from the text around it by a space
 * (a new paragraph would be a new idea; a starting point completes the one being written).
 */
export function insertAtCursor(text: string, start: number, end: number, insert: string): Edit {
  const before = text.slice(0, start);
  const after = text.slice(end);
  const lead = before === '' || /\s$/.test(before) ? '' : ' ';
  const trail = after === '' || /^\s/.test(after) ? '' : ' ';
  const at = before.length + lead.length;
  const next = `${before}${lead}${insert}${trail}${after}`;
  const blank = nextBlank(next, at, at + insert.length);
  return { text: next, select: blank ?? [at + insert.length, at + insert.length] };
}
