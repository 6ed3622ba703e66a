import { useEffect, useRef, useState } from 'preact/hooks';
import type { JobHistory, JobInfo } from '../../contract/api';
import type { Target } from '../../contract/messages';
import type { RecentPrompt } from '../../contract/recent-messages';
import type { BackendClient } from '../api/client';
import { describeError } from '../api/errors';
import { dragToCanvas } from '../drag';
import { createObjectUrls, type ObjectUrls } from '../object-urls';
import { keptOfJob } from '../run/reuse';
import { FAILED_JOB_STATUSES, inFilter, matchesSearch, promptOf, RECENT_FILTER_LABELS, recentFiltersFor, searchIsLocal, type RecentFilter } from '../state/recent-filter';
import { RecentApply } from './RecentApply';
import { RecentDetail } from './RecentDetail';

interface Props {
  client: BackendClient;
  /** Puts the job's image on the selection (or in a new frame), as a run (see ui/run/plan.ts planReuse). */
  onApply(job: JobInfo, prompt?: string): void;
  /** The plugin's own index of the prompts it ran (kept by the main thread), by job id. */
  prompts?: readonly RecentPrompt[];
  /** The selected frames an image would go to, to warn when their shape differs from the image's. */
  targets?: readonly Target[];
  /** Job ids applied in this document (the This file filter); null until the main thread answered. */
  fileJobs?: ReadonlySet<string> | null;
  /** Asks the main thread for `fileJobs` (when Recent opens). */
  loadFileJobs?(): void;
  /** The asking token's name (the Mine filter). */
  tokenName?: string;
  /** Whose jobs the backend lists (`/v1/config` history): the Mine filter is offered only with `team`. */
  history?: JobHistory;
  /** The detail view's "Use this prompt again": the prompt, model and quality into the prompt area. */
  onUsePrompt?(job: JobInfo, prompt: string): void;
  /** A demo backend: the detail view says its images are free. */
  demo?: boolean;
  /** Changes when a run of this session ends: the list is asked for again, so an open Recent shows the new job. */
  refresh?: number;
}

interface Entry {
  job: JobInfo;
  url?: string;
}

/** One empty index for every render, so the effect that reads the file runs only when the index really changes. */
const NO_PROMPTS: readonly RecentPrompt[] = [];

const EMPTY: Record<RecentFilter, string> = {
  all: 'No recent images for this access token.',
  file: 'No recent image was applied in this file.',
  mine: 'No recent images by this access token.',
  failed: 'No failed jobs among the recent ones.',
};

/** All's empty list with team history, where it holds every token's jobs. */
const EMPTY_TEAM = 'No recent images on this backend.';

/**
 * The recent jobs the backend lists (this token's, or with team history every token's), including those that
 * finished while the plugin was closed: each row shows its prompt (the backend's when the team keeps prompts, else
 * the plugin's own index), the layer it went to and a thumbnail; any image can be put on the current selection (or
 * in a new frame when nothing is selected). Filters (all, this file, mine with team history, failed) combine with
 * the search; a row opens its detail view.
 */
export function Recent({ client, onApply, prompts = NO_PROMPTS, targets = [], fileJobs = null, loadFileJobs, tokenName, history, onUsePrompt, demo = false, refresh = 0 }: Props) {
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [filter, setFilter] = useState<RecentFilter>('all');
  /** The job whose detail view is open; `returnTo` is the row that opened it, focused again on Back. */
  const [detail, setDetail] = useState<string | null>(null);
  const returnTo = useRef<string | null>(null);
  const openers = useRef(new Map<string, HTMLButtonElement>());
  useEffect(() => {
    if (detail !== null || !returnTo.current) return;
    openers.current.get(returnTo.current)?.focus();
    returnTo.current = null;
  }, [detail]);
  // Asked when Recent opens, and again after each image applied with a job (the index of prompts changes then).
  useEffect(() => loadFileJobs?.(), [prompts]);

  // Thumbnails live as long as Recent: a refresh keeps those it still lists and fetches only the new ones.
  const urls = useRef<ObjectUrls | null>(null);
  const listed = useRef<Entry[] | null>(null);
  listed.current = entries;
  useEffect(() => () => urls.current?.revokeAll(), []);
  useEffect(() => {
    let alive = true;
    const pool = (urls.current ??= createObjectUrls());
    client.listJobs(20).then(
      async ({ data }) => {
        if (!alive) return;
        const had = new Map((listed.current ?? []).flatMap((e) => (e.url ? [[e.job.id, e.url] as const] : [])));
        for (const [id, url] of had) if (!data.some((j) => j.id === id)) pool.revoke(url);
        setEntries(data.map((job) => ({ job, url: had.get(job.id) })));
        setError(null);
        for (const job of data.filter((j) => j.images.length > 0 && !had.has(j.id))) {
          // Recent closed (or its client changed): the remaining thumbnails are not fetched.
          if (!alive) return;
          const bytes = await client.jobImage(job.images[0]!.url).catch(() => null);
          if (!bytes || !alive) continue;
          const url = pool.create(bytes, 'png');
          setEntries((all) => all?.map((e) => (e.job.id === job.id ? { ...e, url } : e)) ?? null);
        }
      },
      (e: unknown) => alive && setError(describeError(e)),
    );
    return () => {
      alive = false;
    };
  }, [client, refresh]);

  if (error) return <p class="error">{error}</p>;
  if (!entries) return <p class="dim">Loading recent images…</p>;
  const known = new Map(prompts.map((p) => [p.jobId, p]));
  const whenOf = (job: JobInfo) => new Date(job.finishedAt ?? job.createdAt).toLocaleString();

  const open = entries.find((e) => e.job.id === detail);
  if (open) {
    return (
      <RecentDetail
        job={open.job}
        url={open.url}
        local={known.get(open.job.id)}
        when={whenOf(open.job)}
        targets={targets}
        onApply={onApply}
        onUsePrompt={onUsePrompt}
        onBack={() => setDetail(null)}
        demo={demo}
      />
    );
  }

  const inView = entries.filter(({ job }) => inFilter(job, filter, { fileJobs, tokenName }));
  const shown = inView.filter(({ job }) => matchesSearch(job, known.get(job.id), query));
  const empty = filter === 'file' && fileJobs === null ? 'Reading this file…' : filter === 'all' && history === 'team' ? EMPTY_TEAM : EMPTY[filter];
  return (
    <>
      <input type="search" class="recent-search" aria-label="Search recent" placeholder="Search by prompt or layer" value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
      {searchIsLocal(entries.map((e) => e.job)) && (
        <p class="hint recent-local">This backend keeps no prompts: search looks only at the prompts this plugin ran on this computer, and at layer names.</p>
      )}
      <div class="segmented recent-filters" role="radiogroup" aria-label="Show">
        {recentFiltersFor(history).map((f) => (
          <label key={f} class={filter === f ? 'checked' : undefined}>
            <input type="radio" name="recent-filter" value={f} checked={filter === f} onChange={() => setFilter(f)} />
            {RECENT_FILTER_LABELS[f]}
          </label>
        ))}
      </div>
      {inView.length === 0 ? (
        <p class="hint">{empty}</p>
      ) : (
        <>
          {shown.length === 0 && <p class="hint">No recent image matches “{query.trim()}”.</p>}
          <ul class="recent" aria-label="Recent images">
            {shown.map(({ job, url }) => {
              const when = whenOf(job);
              const local = known.get(job.id);
              const prompt = promptOf(job, local);
              const kept = job.images.length > 0;
              return (
                <li key={job.id}>
                  {url ? <img src={url} alt={`Image from ${when}, ${job.size}`} title="Drag onto a frame to fill it" {...dragToCanvas(keptOfJob(job, prompt))} /> : <span class="thumb" aria-hidden="true" />}
                  <button
                    type="button"
                    class="recent-text"
                    aria-label={`Details of the ${kept ? 'image' : 'job'} from ${when}`}
                    ref={(b) => {
                      if (b) openers.current.set(job.id, b);
                      else openers.current.delete(job.id);
                    }}
                    onClick={() => {
                      returnTo.current = job.id;
                      setDetail(job.id);
                    }}
                  >
                    {prompt ? (
                      <span class="recent-prompt" title={prompt}>
                        {prompt}
                      </span>
                    ) : (
                      <span class="recent-prompt dim">Prompt not kept</span>
                    )}
                    <span class="recent-meta dim">
                      {local?.frame ? `${local.frame} · ` : ''}
                      {FAILED_JOB_STATUSES.has(job.status) ? `${job.status === 'interrupted' ? 'Interrupted' : 'Failed'} · ` : ''}
                      {when} · {job.size}
                    </span>
                  </button>
                  {kept && <RecentApply job={job} prompt={prompt} when={when} targets={targets} onApply={onApply} />}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </>
  );
}
