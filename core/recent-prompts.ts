/**
 * The plugin's own index of the prompts it ran (issue 19 item 10): kept by the main thread in clientStorage, keyed by
 * the backend's job id, newest first and bounded, so Recent can say what each image was (and which frame it went
 * to) even when the backend keeps no prompts, and Quick Actions can suggest recent prompts. Pure.
 */
import { SCAFFOLDS } from './prompt';

export const RECENT_PROMPTS_KEY = 'figment.recent-prompts';
/** Entries kept; the oldest go first. */
export const RECENT_PROMPTS_MAX = 50;

export interface RecentPrompt {
  jobId: string;
  prompt: string;
  /** The layer the image was applied to. */
  frame: string;
}

const isEntry = (v: unknown): v is RecentPrompt => {
  const e = v as Partial<RecentPrompt> | null;
  return typeof e === 'object' && e !== null && typeof e.jobId === 'string' && typeof e.prompt === 'string' && typeof e.frame === 'string';
};

/** What clientStorage held, kept only where it is a well-formed index (anything else reads as empty). */
export function readRecentPrompts(raw: unknown): RecentPrompt[] {
  return Array.isArray(raw) ? raw.filter(isEntry).slice(0, RECENT_PROMPTS_MAX) : [];
}

/** `entry` first, an older entry of the same job replaced, at most `max` kept. */
export function rememberPrompt(list: readonly RecentPrompt[], entry: RecentPrompt, max = RECENT_PROMPTS_MAX): RecentPrompt[] {
  return [entry, ...list.filter((e) => e.jobId !== entry.jobId)].slice(0, max);
}

/** Every word of `query` appears in `text` (case-insensitive); an empty query matches everything. */
export function matchesWords(text: string, query: string): boolean {
  const hay = text.toLowerCase();
  return query.toLowerCase().split(/\s+/).filter(Boolean).every((w) => hay.includes(w));
}

/** Quick Actions suggestions: the recent prompts (each once), then the starting points, filtered by what was typed. */
export function promptSuggestions(query: string, recent: readonly RecentPrompt[], max = 12): string[] {
  const prompts = [...new Set(recent.map((e) => e.prompt.trim()).filter(Boolean))];
  const all = [...prompts, ...SCAFFOLDS.map((s) => s.text).filter((t) => !prompts.includes(t))];
  return all.filter((t) => matchesWords(t, query.trim())).slice(0, max);
}
