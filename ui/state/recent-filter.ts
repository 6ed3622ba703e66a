/**
 * Recent's filters and search, pure: which filters a backend's history can tell apart, which of the listed jobs a
 * filter shows, and the text search looks in. Statuses come from the one job vocabulary (contract/api.ts
 * JOB_STATUSES); whose jobs are listed, from the backend's history (JobHistory, `/v1/config`).
 */
import { CONCRETE_QUALITIES, type ConcreteQuality, type JobHistory, type JobInfo, type JobStatus } from '../../contract/api';
import type { SavedPrompt } from '../../core/library';
import type { RecentPrompt } from '../../contract/recent-messages';
import { matchesWords } from '../../core/recent-prompts';

export const RECENT_FILTERS = ['all', 'file', 'mine', 'failed'] as const;
export type RecentFilter = (typeof RECENT_FILTERS)[number];
export const RECENT_FILTER_LABELS: Record<RecentFilter, string> = { all: 'All', file: 'This file', mine: 'Mine', failed: 'Failed' };

/**
 * The filters worth offering: `mine` only when the backend lists the whole team's jobs. With `own` history (and
 * from older backends, which send none) every listed job is the token's, so Mine could never differ from All.
 */
export const recentFiltersFor = (history: JobHistory | undefined): readonly RecentFilter[] =>
  history === 'team' ? RECENT_FILTERS : RECENT_FILTERS.filter((f) => f !== 'mine');

/** Jobs that ended without their images: the upstream or the backend refused or failed, or a restart cut them off. */
export const FAILED_JOB_STATUSES: ReadonlySet<JobStatus> = new Set<JobStatus>(['failed', 'interrupted']);

export interface FilterContext {
  /** Job ids applied in this document (src/recent-file.ts); null until the main thread answered. */
  fileJobs: ReadonlySet<string> | null;
  /** The asking token's name (`/v1/config` tokenName); absent from older backends. */
  tokenName?: string;
}

/**
 * `all`, `file` and `mine` show jobs that kept an image (what Apply can use); `failed` shows the jobs that failed.
 * `mine` is the jobs the asking token ran (`owner === tokenName`); it is offered only with team history
 * (`recentFiltersFor`), where the list holds every token's jobs and each names its owner.
 */
export function inFilter(job: JobInfo, filter: RecentFilter, ctx: FilterContext): boolean {
  if (filter === 'failed') return FAILED_JOB_STATUSES.has(job.status);
  if (job.images.length === 0) return false;
  if (filter === 'file') return ctx.fileJobs?.has(job.id) ?? false;
  if (filter === 'mine') return job.owner !== undefined && job.owner === ctx.tokenName;
  return true;
}

/** The job's prompt: the backend's when the team keeps prompts, else the plugin's own index. */
export const promptOf = (job: JobInfo, local: RecentPrompt | undefined): string | undefined => job.prompt ?? local?.prompt;

/** Search matches every word typed in the prompt or the name of the layer the image went to. */
export const matchesSearch = (job: JobInfo, local: RecentPrompt | undefined, query: string): boolean =>
  matchesWords(`${promptOf(job, local) ?? ''} ${local?.frame ?? ''}`, query);

/** The backend keeps no prompts (none of its jobs has one): search covers only what this plugin knows locally. */
export const searchIsLocal = (jobs: readonly JobInfo[]): boolean => jobs.length > 0 && jobs.every((j) => j.prompt === undefined);

/** What "Use this prompt again" sets: the job's prompt, model and quality (`auto` or unknown: Figment's policy). */
export function requestOfJob(job: Pick<JobInfo, 'model' | 'quality'>, prompt: string): Pick<SavedPrompt, 'prompt' | 'model' | 'quality'> {
  const quality = (CONCRETE_QUALITIES as readonly string[]).includes(job.quality) ? (job.quality as ConcreteQuality) : null;
  return { prompt, model: job.model, quality };
}
