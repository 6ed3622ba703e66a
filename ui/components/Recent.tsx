import { useEffect, useState } from 'preact/hooks';
import type { JobInfo } from '../../contract/api';
import type { BackendClient } from '../api/client';
import { describeError } from '../api/errors';

interface Props {
  client: BackendClient;
  /** Puts the job's image on the selection (or in a new frame), as a run (see ui/run/plan.ts planReuse). */
  onApply(job: JobInfo): void;
}

interface Entry {
  job: JobInfo;
  url?: string;
}

/**
 * This token's recent jobs from the backend, including those that finished while the plugin was closed, with
 * thumbnails; any image can be put on the current selection (or in a new frame when nothing is selected).
 */
export function Recent({ client, onApply }: Props) {
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    const urls: string[] = [];
    client.listJobs(20).then(
      async ({ data }) => {
        const list = data.filter((j) => j.images.length > 0);
        if (alive) setEntries(list.map((job) => ({ job })));
        for (const job of list) {
          const bytes = await client.jobImage(job.images[0]!.url).catch(() => null);
          if (!bytes || !alive) continue;
          const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'image/png' }));
          urls.push(url);
          setEntries((all) => all?.map((e) => (e.job.id === job.id ? { ...e, url } : e)) ?? null);
        }
      },
      (e: unknown) => alive && setError(describeError(e)),
    );
    return () => {
      alive = false;
      for (const u of urls) URL.revokeObjectURL(u);
    };
  }, [client]);

  if (error) return <p class="error">{error}</p>;
  if (!entries) return <p class="dim">Loading recent images…</p>;
  if (entries.length === 0) return <p class="hint">No recent images for this access token.</p>;
  return (
    <ul class="recent" aria-label="Recent images">
      {entries.map(({ job, url }) => {
        const when = new Date(job.finishedAt ?? job.createdAt).toLocaleString();
        return (
          <li key={job.id}>
            {url ? <img src={url} alt={`Image from ${when}, ${job.size}`} /> : <span class="thumb" aria-hidden="true" />}
            <span class="dim">
              {when} · {job.size} · {job.status}
            </span>
            <button type="button" class="secondary" aria-label={`Apply the image from ${when} to the selection`} onClick={() => onApply(job)}>
              Apply
            </button>
          </li>
        );
      })}
    </ul>
  );
}
