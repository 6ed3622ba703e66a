/**
 * The main thread keeps the index of prompts the plugin ran (core/recent-prompts.ts) in clientStorage: each applied
 * image with a job id is remembered with its prompt and the layer it went to, and the UI is told the index.
 */
import type { MainToUi, UiToMain } from '../contract/messages';
import { promptSuggestions, readRecentPrompts, rememberPrompt, RECENT_PROMPTS_KEY, type RecentPrompt } from '../core/recent-prompts';

export async function loadRecentPrompts(): Promise<RecentPrompt[]> {
  return readRecentPrompts(await figma.clientStorage.getAsync(RECENT_PROMPTS_KEY));
}

/** After an image was applied to `nodeId`: remembers its job's prompt (when it has a job and a prompt). */
export async function rememberApplied(req: Extract<UiToMain, { type: 'apply-image' }>, nodeId: string, post: (m: MainToUi) => void): Promise<void> {
  const jobId = req.version?.jobId;
  if (!jobId || !req.prompt.trim()) return;
  const node = await figma.getNodeByIdAsync(nodeId);
  const prompts = rememberPrompt(await loadRecentPrompts(), { jobId, prompt: req.prompt, frame: node?.name ?? '' });
  await figma.clientStorage.setAsync(RECENT_PROMPTS_KEY, prompts);
  post({ type: 'recent-prompts', prompts });
}

/** Quick Actions: what was typed first, then recent prompts and starting points matching it. */
export async function suggestPrompts(query: string): Promise<string[]> {
  const typed = query.trim();
  const rest = promptSuggestions(typed, await loadRecentPrompts()).filter((s) => s !== typed);
  return typed ? [typed, ...rest] : rest;
}
