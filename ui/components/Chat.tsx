import { useEffect, useRef, useState } from 'preact/hooks';
import { dragToCanvas, keptOfRun } from '../drag';
import type { KeptImage } from '../../contract/drop-messages';
import { costFromUsage, formatUsd } from '../../core/cost';
import { PromptSent } from './ModelControls';
import { engineOf, isActive, JOB_KEPT_TEXT, statusText, turnsOf, type Run } from '../run/run';
import { runProgress } from '../run/progress';

export interface RunActions {
  onRetry?: (runId: string) => void;
  onApply?: (runId: string, index: number) => void;
  onStop?: (runId: string) => void;
  /** The run's row came near the visible part of the chat, or went far from it (its images can be released). */
  onShown?: (runId: string, shown: boolean) => void;
  /** Puts a kept image on the current selection (the keyboard's way to drag it onto a frame). */
  onApplyToSelection?: (image: KeptImage) => void;
}

/** Rows this far outside the chat's view keep their images; farther ones may release them. */
const KEEP_MARGIN = '1500px 0px';

/** The element that scrolls the row (the chat's scroll box), so that the margin counts in its own pixels. */
function scroller(row: HTMLElement): HTMLElement | null {
  for (let el = row.parentElement; el; el = el.parentElement) if (/(auto|scroll)/.test(getComputedStyle(el).overflowY)) return el;
  return null;
}

/** Reports whether the row is near the view, where the browser can tell (IntersectionObserver). */
function useShown(id: string, onShown: RunActions['onShown']) {
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    const row = ref.current;
    if (!row || !onShown || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) onShown(id, entry.isIntersecting);
      },
      { root: scroller(row), rootMargin: KEEP_MARGIN },
    );
    observer.observe(row);
    return () => observer.disconnect();
  }, [id, onShown]);
  return ref;
}

/** A released image's place, its size kept so the chat does not jump; it comes back when scrolled to. */
const Placeholder = ({ width, height }: { width: number; height: number }) => <span class="thumb" aria-hidden="true" style={{ aspectRatio: `${width} / ${height}` }} />;

/** The clock, ticking every second while `ticking` (a run is in flight), for elapsed seconds. */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}

/** Variations side by side, each with its Apply; the applied one says so, and another can still follow it. */
function Variants({ run, onApply }: { run: Run; onApply?: RunActions['onApply'] }) {
  return (
    <ul class="variations" aria-label={`Variations for ${run.targetName}`}>
      {run.images.map((v, i) => (
        <li key={i}>
          {v.url ? <img src={v.url} alt={`Variation ${i + 1} of ${run.n} for ${run.targetName}`} /> : <Placeholder {...v} />}
          {onApply && (
            <button
              type="button"
              class="secondary"
              aria-label={run.applied === i ? `Variation ${i + 1} applied to ${run.targetName}` : `Apply variation ${i + 1} to ${run.targetName}`}
              disabled={isActive(run) || run.status === 'applying' || run.applied === i}
              onClick={() => onApply(run.id, i)}
            >
              {run.applied === i ? 'Applied' : `Apply ${i + 1}`}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

function RunRow({ run, now, onRetry, onApply, onStop, onShown, onApplyToSelection }: { run: Run; now: number } & RunActions) {
  const ref = useShown(run.id, onShown);
  const active = isActive(run);
  const progress = runProgress(run, now);
  const final = run.n === 1 ? run.images[0] : undefined;
  const kept = final?.url ? keptOfRun(run, 0) : undefined;
  return (
    <li ref={ref} class={`item ${run.status}`}>
      <div class="item-head">
        <span class="name">{run.targetName}</span>
        <span class="dim">
          {run.size} · {run.quality}
          {engineOf(run) === 'responses' ? ' · conversation' : ''}
        </span>
        <span class="status">{statusText(run)}</span>
        {active && onStop && (
          <button type="button" class="secondary" aria-label={`Stop ${run.targetName}`} onClick={() => onStop(run.id)}>
            Stop
          </button>
        )}
      </div>
      {progress && (
        <div
          class="dim run-progress"
          role="progressbar"
          aria-label={`Progress of ${run.targetName}`}
          aria-valuemin={0}
          aria-valuemax={progress.expected[1]}
          aria-valuenow={Math.min(progress.elapsed ?? 0, progress.expected[1])}
          aria-valuetext={progress.text}
          style={{ '--done': `${Math.min(100, (100 * (progress.elapsed ?? 0)) / progress.expected[1])}%` }}
        >
          {progress.text}
        </div>
      )}
      <PromptSent text={run.sent || undefined} target={run.targetName} />
      {run.n > 1 && run.images.length > 0 && <Variants run={run} {...(onApply ? { onApply } : {})} />}
      {final?.url ? (
        <img
          src={final.url}
          alt={`${run.kind === 'edit' ? 'Edited' : 'Generated'} image for ${run.targetName}`}
          title={kept ? 'Drag onto a frame to fill it' : undefined}
          {...dragToCanvas(kept)}
        />
      ) : final ? (
        <Placeholder {...final} />
      ) : run.partialUrl ? (
        <img class="partial" src={run.partialUrl} alt={`Partial image ${(run.partialIndex ?? 0) + 1} for ${run.targetName}`} />
      ) : null}
      {kept && onApplyToSelection && (
        <button type="button" class="secondary" aria-label={`Apply the image for ${run.targetName} to the selection`} onClick={() => onApplyToSelection(kept)}>
          Apply to selection
        </button>
      )}
      {run.message && <p class={run.status === 'failed' || run.status === 'not-placed' ? 'error' : 'note'}>{run.message}</p>}
      {run.status === 'failed' && run.jobKept && <p class="note">{JOB_KEPT_TEXT[run.jobKept]}</p>}
      {run.status === 'failed' && run.startedAt !== undefined && onRetry && (
        <button type="button" class="secondary" aria-label={`Retry ${run.targetName}`} onClick={() => onRetry(run.id)}>
          Retry
        </button>
      )}
      {run.usage && run.usage.total_tokens > 0 && (
        <p class="dim">
          {run.usage.total_tokens.toLocaleString('en-US')} tokens · {formatUsd(costFromUsage(run.model, run.usage))}
        </p>
      )}
    </li>
  );
}

/** Each prompt with the runs it started, newest last; a run stays here whatever is selected later. */
export function Chat({ runs, ...actions }: { runs: readonly Run[] } & RunActions) {
  const now = useNow(runs.some(isActive));
  const list = useRef<HTMLOListElement>(null);
  // One timeline that follows the newest: each new run's row is scrolled into view as it starts (issue 19).
  const count = useRef(runs.length);
  useEffect(() => {
    const grew = runs.length > count.current;
    count.current = runs.length;
    if (!grew) return;
    const rows = list.current?.querySelectorAll<HTMLElement>('li.item');
    rows?.[rows.length - 1]?.scrollIntoView?.({ block: 'nearest' });
  }, [runs.length]);
  if (runs.length === 0) {
    return <p class="hint">Select placeholder frames, describe what belongs there, press Enter.</p>;
  }
  return (
    <ol ref={list} class="chat" aria-label="Chat" aria-live="polite">
      {turnsOf(runs).map((turn) => (
        <li key={turn.id} class="turn">
          <p class="prompt">{turn.prompt}</p>
          <ul>
            {turn.runs.map((run) => (
              <RunRow key={run.id} run={run} now={now} {...actions} />
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
