/** The prompt library's rules: what an entry is, what an import file must be (all or nothing), and the size cap. */
import { describe, expect, it } from 'vitest';
import { EMPTY_STYLE } from '../../core/prompt';
import {
  LIBRARY_FORMAT,
  LIBRARY_MAX_BYTES,
  libraryFile,
  mergeImported,
  parseLibraryFile,
  parseStoredScope,
  storedScope,
  withEntry,
  withoutEntry,
  type SavedPrompt,
} from '../../core/library';

const entry = (name: string, prompt = `a ${name} photo`): SavedPrompt => ({
  name,
  prompt,
  style: { ...EMPTY_STYLE, enabled: true, lighting: 'golden hour' },
  model: 'gpt-image-2',
  quality: 'medium',
  transparent: false,
  useLayerNames: true,
  useFrameText: false,
  savedAt: '2026-12-04T12:00:00.000Z',
});

describe('library files', () => {
  it('round-trips every field through an exported file', () => {
    const entries = [entry('Hero'), { ...entry('Icon'), quality: null, transparent: true, model: '' }];
    const read = parseLibraryFile(libraryFile(entries));
    expect(read).toEqual({ ok: true, value: entries });
  });

  it.each([
    ['not JSON', '{ nope', /not JSON/],
    ['another JSON file', JSON.stringify({ name: 'package' }), /not a Figment prompt library/],
    ['a newer version', JSON.stringify({ format: LIBRARY_FORMAT, version: 2, prompts: [] }), /version 2; this Figment reads version 1/],
    ['no list', JSON.stringify({ format: LIBRARY_FORMAT, version: 1, prompts: {} }), /no list of prompts/],
    ['an empty list', JSON.stringify({ format: LIBRARY_FORMAT, version: 1, prompts: [] }), /holds no prompts/],
    ['an entry without a name', JSON.stringify({ format: LIBRARY_FORMAT, version: 1, prompts: [entry('A'), { prompt: 'x' }] }), /Nothing was imported\. Prompt 2: it has no name/],
    ['an empty prompt', JSON.stringify({ format: LIBRARY_FORMAT, version: 1, prompts: [{ ...entry('A'), prompt: '  ' }] }), /Prompt 1: it has no prompt/],
    ['an unknown quality', JSON.stringify({ format: LIBRARY_FORMAT, version: 1, prompts: [{ ...entry('A'), quality: 'ultra' }] }), /quality "ultra" is not one of low, medium, high/],
    ['a style that is not one', JSON.stringify({ format: LIBRARY_FORMAT, version: 1, prompts: [{ ...entry('A'), style: { enabled: 'yes' } }] }), /style lock is not readable/],
    ['a flag that is not boolean', JSON.stringify({ format: LIBRARY_FORMAT, version: 1, prompts: [{ ...entry('A'), transparent: 1 }] }), /"transparent" is not true or false/],
    ['a name used twice', JSON.stringify({ format: LIBRARY_FORMAT, version: 1, prompts: [entry('A'), entry('A')] }), /"A" is used twice/],
  ])('refuses %s with a reason', (_, text, reason) => {
    const read = parseLibraryFile(text);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error).toMatch(reason);
  });

  it('reads a stored scope leniently: an unreadable record is an empty library, not an error', () => {
    expect(parseStoredScope(storedScope([entry('A')]))).toEqual([entry('A')]);
    expect(parseStoredScope('')).toEqual([]);
    expect(parseStoredScope(undefined)).toEqual([]);
    expect(parseStoredScope('{broken')).toEqual([]);
    expect(parseStoredScope(JSON.stringify([{ name: 'no prompt' }]))).toEqual([]);
  });
});

describe('changing a scope', () => {
  it('saves first, and a save under an existing name replaces that entry', () => {
    const saved = withEntry([entry('A'), entry('B')], entry('B', 'a new B'));
    expect(saved.ok && saved.value.map((e) => [e.name, e.prompt])).toEqual([
      ['B', 'a new B'],
      ['A', 'a A photo'],
    ]);
    expect(withoutEntry([entry('A'), entry('B')], 'A').map((e) => e.name)).toEqual(['B']);
  });

  it('merges an import, counting what it added and what it replaced', () => {
    const merged = mergeImported([entry('A'), entry('B')], [entry('B', 'imported B'), entry('C')]);
    expect(merged.ok && merged.value.added).toBe(1);
    expect(merged.ok && merged.value.replaced).toBe(1);
    expect(merged.ok && merged.value.entries.map((e) => e.name)).toEqual(['B', 'C', 'A']);
  });

  it('refuses to grow past what Figma keeps in one plugin data entry, and leaves the scope as it was', () => {
    const big = (name: string) => entry(name, 'x'.repeat(20_000));
    let entries: SavedPrompt[] = [];
    for (const name of ['1', '2', '3', '4']) {
      const next = withEntry(entries, big(name));
      expect(next.ok).toBe(true);
      if (next.ok) entries = next.value;
    }
    const fifth = withEntry(entries, big('5'));
    expect(fifth).toEqual({ ok: false, error: expect.stringMatching(/100 kB/) });
    expect(new TextEncoder().encode(storedScope(entries)).length).toBeLessThanOrEqual(LIBRARY_MAX_BYTES);
    const imported = mergeImported(entries, [big('6')]);
    expect(imported).toEqual({ ok: false, error: expect.stringMatching(/^Nothing was imported\./) });
  });

  it('counts bytes, not characters, against the cap (non-Latin prompts are larger)', () => {
    const wide = entry('Kana', 'あ'.repeat(31_000)); // 31,000 characters, 93,000 bytes in UTF-8
    expect(withEntry([], wide).ok).toBe(false);
    expect(withEntry([], entry('Latin', 'a'.repeat(31_000))).ok).toBe(true);
  });
});
