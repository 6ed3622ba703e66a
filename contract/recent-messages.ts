/** Main thread -> UI: the plugin's index of the prompts it ran, by job id (core/recent-prompts.ts), for Recent. */
import type { RecentPrompt } from '../core/recent-prompts';

export type { RecentPrompt } from '../core/recent-prompts';

export type RecentMainToUi = { type: 'recent-prompts'; prompts: RecentPrompt[] };
