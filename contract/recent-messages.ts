/**
 * The main thread <-> UI contract for Recent: the plugin's index of the prompts it ran, by job id
 * (core/recent-prompts.ts), and the job ids whose images were applied in this document (its "This file" filter).
 */
import type { RecentPrompt } from '../core/recent-prompts';

export type { RecentPrompt } from '../core/recent-prompts';

export type RecentMainToUi =
  | { type: 'recent-prompts'; prompts: RecentPrompt[] }
  /** Every job id a version in this document's frame threads names (src/recent-file.ts), in document order. */
  | { type: 'file-jobs'; jobIds: string[] };

/** Asked when Recent opens (never at start-up: it reads every page). */
export type RecentUiToMain = { type: 'get-file-jobs' };
