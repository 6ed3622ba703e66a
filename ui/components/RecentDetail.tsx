import { useEffect, useRef } from 'preact/hooks';
import type { JobInfo } from '../../contract/api';
import type { Target } from '../../contract/messages';
import type { RecentPrompt } from '../../contract/recent-messages';
import { costFromUsage, DEMO_PRICE_LABEL, formatUsd } from '../../core/cost';
import { findModel } from '../../core/models';
import { FAILED_JOB_STATUSES, promptOf } from '../state/recent-filter';
import { RecentApply } from './RecentApply';

interface Props {
  job: JobInfo;
  /** The thumbnail's object URL, once fetched. */
  url?: string;
  /** What the plugin's own index knows of the job (its prompt and layer). */
  local?: RecentPrompt;
  when: string;
  targets: readonly Target[];
  onApply(job: JobInfo, prompt?: string): void;
  /** Puts the prompt, model and quality into the prompt area (ui/state/prompt-preset.ts applyRequestFields). */
  onUsePrompt?(job: JobInfo, prompt: string): void;
  /** Back to the list (also Escape). */
  onBack(): void;
  /** A demo backend: its jobs cost nothing. */
  demo?: boolean;
}

const STATUS_TEXT: Record<JobInfo['status'], string> = { running: 'Running', succeeded: 'Done', failed: 'Failed', cancelled: 'Cancelled', interrupted: 'Interrupted' };

/** Dollars for what the job used, at its model's rates; null when the usage or the model is not known. */
function costOf(job: JobInfo): string | null {
  if (!job.usage || !(job.usage.output_tokens > 0) || !findModel(job.model)) return null;
  return formatUsd(costFromUsage(job.model, job.usage));
}

/**
 * One Recent job in full: the request (model, size, quality, cost, when, who by token name, status), the prompt and
 * the image, with "Use this prompt again" and Apply. Back or Escape returns to the list.
 */
export function RecentDetail({ job, url, local, when, targets, onApply, onUsePrompt, onBack, demo = false }: Props) {
  const back = useRef<HTMLButtonElement>(null);
  useEffect(() => back.current?.focus(), [job.id]);
  const prompt = promptOf(job, local);
  const cost = demo ? DEMO_PRICE_LABEL : costOf(job);
  const failed = FAILED_JOB_STATUSES.has(job.status);
  const rows: Array<[string, string]> = [
    ['Model', job.model],
    ['Size', job.images[0]?.size ?? job.size],
    ['Quality', job.quality],
    ['Cost', cost ?? 'Not known'],
    ['When', when],
    ['By', job.owner ?? 'This access token'],
    ['Status', STATUS_TEXT[job.status]],
    ...(local?.frame ? ([['Layer', local.frame]] as Array<[string, string]>) : []),
  ];
  return (
    <section
      class="recent-detail"
      aria-label="Recent image details"
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.preventDefault();
        e.stopPropagation();
        onBack();
      }}
    >
      <button type="button" class="secondary recent-back" ref={back} aria-label="Back to Recent" onClick={onBack}>
        ← Back
      </button>
      {url ? <img class="recent-detail-image" src={url} alt={`Image from ${when}, ${job.size}`} /> : job.images.length > 0 && <span class="thumb recent-detail-image" aria-hidden="true" />}
      {prompt ? <p class="recent-detail-prompt">{prompt}</p> : <p class="recent-detail-prompt dim">Prompt not kept</p>}
      {failed && job.error && (
        <p class="error" role="status">
          {job.error.message}
        </p>
      )}
      <dl class="recent-detail-request" aria-label="Request">
        {rows.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <div class="recent-detail-actions">
        {prompt && onUsePrompt && (
          <button type="button" onClick={() => onUsePrompt(job, prompt)}>
            Use this prompt again
          </button>
        )}
        {job.images.length > 0 && <RecentApply job={job} prompt={prompt} when={when} targets={targets} onApply={onApply} />}
      </div>
    </section>
  );
}
