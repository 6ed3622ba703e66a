/**
 * The prompt library: prompts saved with what shaped them (style lock, model, quality, design toggles), in two
 * scopes: this file (document data everyone who opens it sees) and mine (this user's clientStorage). Pure: what an
 * entry is, how a library file is read (refusing a malformed one as a whole, so an import never half-overwrites),
 * and how entries are added and merged.
 */
import { CONCRETE_QUALITIES, type ConcreteQuality } from '../contract/api';
import type { StyleLock } from './prompt';

export const LIBRARY_SCOPES = ['file', 'mine'] as const;
export type LibraryScope = (typeof LIBRARY_SCOPES)[number];
export const SCOPE_LABELS: Record<LibraryScope, string> = { file: 'This file', mine: 'Mine' };

export interface SavedPrompt {
  name: string;
  prompt: string;
  style: StyleLock;
  /** The model chosen when saved; '' follows the team's default. */
  model: string;
  /** Every target's quality when saved; null follows Figment's size and quality policy. */
  quality: ConcreteQuality | null;
  transparent: boolean;
  useLayerNames: boolean;
  useFrameText: boolean;
  /** ISO time of the save. */
  savedAt: string;
}

export type Library = Record<LibraryScope, SavedPrompt[]>;
export const EMPTY_LIBRARY: Library = { file: [], mine: [] };

/** What an exported file says it is, so an unrelated JSON file is refused by name, not by a missing field. */
export const LIBRARY_FORMAT = 'figment-prompt-library';
export const LIBRARY_VERSION = 1;

export const NAME_MAX = 80;
/** GPT Image prompts go up to 32,000 characters (OpenAI spec, CreateImageRequest.prompt). */
export const PROMPT_MAX = 32_000;
/**
 * A scope is stored as one JSON record: document plugin data allows 100 kB per entry (typings: setSharedPluginData,
 * "Total entry size cannot exceed 100 kB"), so a library stays under 90 kB, leaving room for the key.
 */
export const LIBRARY_MAX_BYTES = 90_000;

const STYLE_KEYS = ['palette', 'lighting', 'mood', 'medium'] as const;

type Result<T> = { ok: true; value: T } | { ok: false; error: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function readStyle(v: unknown): StyleLock | null {
  if (!isObject(v) || typeof v.enabled !== 'boolean') return null;
  const style: StyleLock = { enabled: v.enabled, palette: '', lighting: '', mood: '', medium: '' };
  for (const key of STYLE_KEYS) {
    if (v[key] === undefined) continue;
    if (typeof v[key] !== 'string') return null;
    style[key] = v[key];
  }
  return style;
}

/** One entry, or why it is not one (`where` names it in the message). */
export function readEntry(v: unknown, where: string): Result<SavedPrompt> {
  const fail = (why: string): Result<SavedPrompt> => ({ ok: false, error: `${where}: ${why}` });
  if (!isObject(v)) return fail('not an object.');
  const name = typeof v.name === 'string' ? v.name.trim() : '';
  if (!name) return fail('it has no name.');
  if (name.length > NAME_MAX) return fail(`its name is longer than ${NAME_MAX} characters.`);
  if (typeof v.prompt !== 'string' || !v.prompt.trim()) return fail('it has no prompt.');
  if (v.prompt.length > PROMPT_MAX) return fail(`its prompt is longer than ${PROMPT_MAX} characters.`);
  const style = readStyle(v.style ?? { enabled: false });
  if (!style) return fail('its style lock is not readable.');
  if (v.model !== undefined && typeof v.model !== 'string') return fail('its model is not a name.');
  const quality = v.quality ?? null;
  if (quality !== null && !(CONCRETE_QUALITIES as readonly unknown[]).includes(quality)) return fail(`its quality "${String(quality)}" is not one of ${CONCRETE_QUALITIES.join(', ')}.`);
  for (const flag of ['transparent', 'useLayerNames', 'useFrameText'] as const) {
    if (v[flag] !== undefined && typeof v[flag] !== 'boolean') return fail(`"${flag}" is not true or false.`);
  }
  return {
    ok: true,
    value: {
      name,
      prompt: v.prompt,
      style,
      model: (v.model as string | undefined) ?? '',
      quality: quality as ConcreteQuality | null,
      transparent: v.transparent === true,
      useLayerNames: v.useLayerNames === true,
      useFrameText: v.useFrameText === true,
      savedAt: typeof v.savedAt === 'string' ? v.savedAt : '',
    },
  };
}

function readEntries(list: unknown, where: string): Result<SavedPrompt[]> {
  if (!Array.isArray(list)) return { ok: false, error: `${where} has no list of prompts.` };
  const entries: SavedPrompt[] = [];
  for (const [i, item] of list.entries()) {
    const entry = readEntry(item, `Prompt ${i + 1}`);
    if (!entry.ok) return entry;
    if (entries.some((e) => e.name === entry.value.name)) return { ok: false, error: `Prompt ${i + 1}: the name "${entry.value.name}" is used twice.` };
    entries.push(entry.value);
  }
  return { ok: true, value: entries };
}

/** A scope's stored record; an unreadable one reads as empty (the next save rewrites it), never as an error. */
export function parseStoredScope(json: string | undefined | null): SavedPrompt[] {
  if (!json) return [];
  try {
    const read = readEntries(JSON.parse(json), 'The stored library');
    return read.ok ? read.value : [];
  } catch {
    return [];
  }
}

export const storedScope = (entries: readonly SavedPrompt[]): string => JSON.stringify(entries);

/** An exported library file: every entry, or the first reason the file cannot be imported. */
export function parseLibraryFile(text: string): Result<SavedPrompt[]> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, error: 'This file is not JSON: export a library from Figment and import that file.' };
  }
  if (!isObject(data) || data.format !== LIBRARY_FORMAT) return { ok: false, error: 'This file is not a Figment prompt library.' };
  if (data.version !== LIBRARY_VERSION) return { ok: false, error: `This library file is version ${String(data.version)}; this Figment reads version ${LIBRARY_VERSION}.` };
  const entries = readEntries(data.prompts, 'The file');
  if (!entries.ok) return { ok: false, error: `Nothing was imported. ${entries.error}` };
  if (entries.value.length === 0) return { ok: false, error: 'This library file holds no prompts.' };
  return entries;
}

export function libraryFile(entries: readonly SavedPrompt[]): string {
  return `${JSON.stringify({ format: LIBRARY_FORMAT, version: LIBRARY_VERSION, prompts: entries }, null, 2)}\n`;
}

/** UTF-8 length without TextEncoder, which Figma's sandbox does not have. */
function utf8Bytes(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

const fits = (entries: readonly SavedPrompt[]) => utf8Bytes(storedScope(entries)) <= LIBRARY_MAX_BYTES;
const TOO_BIG = 'The library would be larger than Figma lets a plugin keep in one place (100 kB): delete a few prompts first.';

/** The scope with `entry` saved (replacing one of the same name, else first). */
export function withEntry(entries: readonly SavedPrompt[], entry: SavedPrompt): Result<SavedPrompt[]> {
  const next = [entry, ...entries.filter((e) => e.name !== entry.name)];
  return fits(next) ? { ok: true, value: next } : { ok: false, error: TOO_BIG };
}

export const withoutEntry = (entries: readonly SavedPrompt[], name: string): SavedPrompt[] => entries.filter((e) => e.name !== name);

/** Imported entries join the scope; one with a name already there replaces it. All or nothing. */
export function mergeImported(entries: readonly SavedPrompt[], imported: readonly SavedPrompt[]): Result<{ entries: SavedPrompt[]; added: number; replaced: number }> {
  const names = new Set(imported.map((e) => e.name));
  const replaced = entries.filter((e) => names.has(e.name)).length;
  const next = [...imported, ...entries.filter((e) => !names.has(e.name))];
  if (!fits(next)) return { ok: false, error: `Nothing was imported. ${TOO_BIG}` };
  return { ok: true, value: { entries: next, added: imported.length - replaced, replaced } };
}
