import { useEffect, useRef, useState } from 'preact/hooks';
import type { JobInfo } from '../../contract/api';
import type { Target } from '../../contract/messages';
import type { RecentPrompt } from '../../contract/recent-messages';
import type { BackendClient } from '../api/client';
import { describeError } from '../api/errors';
import { dragToCanvas } from '../drag';
import { matchesWords } from '../../core/recent-prompts';
import { createObjectUrls } from '../object-urls';
import { aspectMismatch, keptOfJob, mismatchText, type AspectMismatch } from '../run/reuse';

interface Props {
  client: BackendClient;
  /** Puts the job's image on the selection (or in a new frame), as a run (see ui/run/plan.ts planReuse). */
  onApply(job: JobInfo, prompt?: string): void;
  /** The plugin's own index of the prompts it ran (kept by the main thread), by job id. */
  prompts?: readonly RecentPrompt[];
  /** The selected frames an image would go to, to warn when their shape differs from the image's. */
  targets?: readonly Target[];
}

interface Entry {
  job: JobInfo;
  url?: string;
}

/**
 * This token's recent jobs from the backend, including those that finished while the plugin was closed: each row
 * shows its prompt (the backend's when the team keeps prompts, else the plugin's own index), the layer it went to
 * and a thumbnail; any image can be put on the current selection (or in a new frame when nothing is selected).
 */
export function Recent({ client, onApply, prompts = [], targets = [] }: Props) {
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The row whose Apply waits for the designer to confirm a crop. */
  const [query, setQuery] = useState('');
  const [confirming, setConfirming] = useState<{ jobId: string; mismatch: AspectMismatch } | null>(null);
  /** The warning's first answer takes the focus, so the keyboard answers it at once. */
  const anyway = useRef<HTMLButtonElement>(null);
  useEffect(() => anyway.current?.focus(), [confirming]);

  useEffect(() => {
    let alive = true;
    const urls = createObjectUrls();
    client.listJobs(20).then(
      async ({ data }) => {
        const list = data.filter((j) => j.images.length > 0);
        if (alive) setEntries(list.map((job) => ({ job })));
        for (const job of list) {
          const bytes = await client.jobImage(job.images[0]!.url).catch(() => null);
          if (!bytes || !alive) continue;
          const url = urls.create(bytes, 'png');
          setEntries((all) => all?.map((e) => (e.job.id === job.id ? { ...e, url } : e)) ?? null);
        }
      },
      (e: unknown) => alive && setError(describeError(e)),
    );
    return () => {
      alive = false;
      urls.revokeAll();
    };
  }, [client]);

  if (error) return <p class="error">{error}</p>;
  if (!entries) return <p class="dim">Loading recent images…</p>;
  if (entries.length === 0) return <p class="hint">No recent images for this access token.</p>;
  const known = new Map(prompts.map((p) => [p.jobId, p]));
  // Searching matches every word typed in the prompt or the layer's name (core/recent-prompts.ts matchesWords).
  const shown = entries.filter(({ job }) => matchesWords(`${job.prompt ?? known.get(job.id)?.prompt ?? ''} ${known.get(job.id)?.frame ?? ''}`, query));
  return (
    <>
    <input type="search" class="recent-search" aria-label="Search recent" placeholder="Search by prompt or layer" value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
    {shown.length === 0 && <p class="hint">No recent image matches “{query.trim()}”.</p>}
    <ul class="recent" aria-label="Recent images">
      {shown.map(({ job, url }) => {
        const when = new Date(job.finishedAt ?? job.createdAt).toLocaleString();
        const local = known.get(job.id);
        const prompt = job.prompt ?? local?.prompt;
        const size = job.images[0]!.size;
        const apply = () => {
          const mismatch = aspectMismatch(size, targets);
          if (mismatch) return setConfirming({ jobId: job.id, mismatch });
          onApply(job, prompt);
        };
        const asking = confirming?.jobId === job.id ? confirming.mismatch : null;
        return (
          <li key={job.id}>
            {url ? <img src={url} alt={`Image from ${when}, ${job.size}`} title="Drag onto a frame to fill it" {...dragToCanvas(keptOfJob(job, prompt))} /> : <span class="thumb" aria-hidden="true" />}
            <span class="recent-text">
              {prompt ? (
                <span class="recent-prompt" title={prompt}>
                  {prompt}
                </span>
              ) : (
                <span class="recent-prompt dim">Prompt not kept</span>
              )}
              <span class="recent-meta dim">
                {local?.frame ? `${local.frame} · ` : ''}
                {when} · {job.size}
              </span>
            </span>
            <button type="button" class="secondary" aria-label={`Apply the image from ${when} to the selection`} onClick={apply}>
              Apply
            </button>
            {asking && (
              <div class="recent-warning" role="alert">
                <p>{mismatchText(asking)}</p>
                <button
                  type="button"
                  ref={anyway}
                  onClick={() => {
                    setConfirming(null);
                    onApply(job, prompt);
                  }}
                >
                  Apply anyway
                </button>
                <button type="button" class="secondary" onClick={() => setConfirming(null)}>
                  Cancel
                </button>
              </div>
            )}
          </li>
        );
      })}
    </ul>
    </>
  );
}
