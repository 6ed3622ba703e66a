import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Focus } from '../../contract/messages';
import { estimateRuns, estimateText, plural } from '../../core/estimate';
import { PARTIAL_IMAGES } from '../run/bodies';
import { nextRuns, type NextPrompt } from '../run/plan';
import { isActive, latestByTarget, type Run } from '../run/run';
import { Icon } from './ui3/Icon';
import { useMediaQuery, WIDE } from './ui3/use-media-query';

/** Lists this long or shorter start open; longer ones start as their one-line summary. */
export const OPEN_UP_TO = 3;

type SummaryInput = NextPrompt & {
  focus: Focus | null;
  runs: readonly Run[];
  /** The backend is in demo mode: it draws free placeholder images, so the estimate is no dollar figure. */
  demo?: boolean;
};

/** What the next prompt fills, its cost and its wait, on one line: "4 frames · ~$0.34 · 1.5–5 min", plus any failures. */
export function targetSummary(input: SummaryInput): string {
  const { targets, focus, runs, demo = false } = input;
  const what = focus ? `Change “${focus.name}”` : targets.length === 0 ? 'New frame' : plural(targets.length, 'frame');
  const latest = latestByTarget(runs);
  const failed = targets.filter((t) => latest.get(t.id)?.status === 'failed').length;
  // Runs outlive the selection: while any works, the line says so whatever is selected now.
  const running = runs.filter(isActive).length;
  const line = estimateText(estimateRuns(nextRuns(input), { partialImages: PARTIAL_IMAGES, demo }), { what, short: true });
  return `${line}${failed ? ` · ${failed} failed` : ''}${running ? ` · ${running} running` : ''}`;
}

/**
 * The targets as one line that opens to the full list (TargetList, its child). A short list, a wide window (the list
 * has its own column) or a failure to retry opens it; the person's own choice wins after that.
 */
export function TargetSummary(props: SummaryInput & { children: ComponentChildren }) {
  const [chosen, setChosen] = useState<boolean | null>(null);
  const wide = useMediaQuery(WIDE);
  const latest = latestByTarget(props.runs);
  const failed = props.targets.some((t) => latest.get(t.id)?.status === 'failed');
  // A failure opens the list, and it stays open after the Retry: rows never vanish under the pointer.
  useEffect(() => {
    if (failed && chosen === null) setChosen(true);
  }, [failed]);
  const open = chosen ?? (props.targets.length <= OPEN_UP_TO || wide || failed);
  return (
    <div class="targets-summary">
      <button type="button" class="summary-button" aria-expanded={open} aria-controls="targets-list" onClick={() => setChosen(!open)}>
        <Icon name="chevron" />
        <span>{targetSummary(props)}</span>
      </button>
      <div id="targets-list" hidden={!open}>
        {props.children}
      </div>
    </div>
  );
}
