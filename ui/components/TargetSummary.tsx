import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Focus, Target } from '../../contract/messages';
import { DEMO_PRICE_LABEL, estimateCost, estimateSeconds, formatUsd } from '../../core/cost';
import type { ModelRef } from '../../core/models';
import { requestSizeFor } from '../../core/sizing';
import { waitText } from '../../core/wait-text';
import { PARTIAL_IMAGES } from '../run/bodies';
import { qualityFor, sizeTargets, type QualityOverrides } from '../run/plan';
import { isActive, latestByTarget, type Run } from '../run/run';
import { Icon } from './ui3/Icon';
import { useMediaQuery, WIDE } from './ui3/use-media-query';

/** Lists this long or shorter start open; longer ones start as their one-line summary. */
export const OPEN_UP_TO = 3;

interface SummaryInput {
  targets: readonly Target[];
  focus: Focus | null;
  model: ModelRef;
  /** Images per request (variations). */
  n: number;
  overrides: QualityOverrides;
  runs: readonly Run[];
  /** The backend is in demo mode: it draws free placeholder images, so the estimate is no dollar figure. */
  demo?: boolean;
  /** Input images each target's request sends (frame to image, anchored sets): they add input image tokens. */
  inputImages?: (target: Target) => number;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What the next prompt fills, its cost and its wait, on one line: "4 frames · ~$0.34 · 1.5–5 min", plus any failures. */
export function targetSummary({ targets, focus, model, n, overrides, runs, demo = false, inputImages }: SummaryInput): string {
  let usd = 0;
  let wait: [number, number] = [0, 0];
  // A focused frame is one edit at its own size; otherwise each target (or one new frame) as the planner sizes it.
  const frames = focus
    ? [focus].map((f) => {
        const quality = qualityFor({ id: f.nodeId, width: f.width, height: f.height }, overrides, model);
        return { quality, size: requestSizeFor(model, f.width, f.height, quality) };
      })
    : sizeTargets(targets, model, overrides).map((s) => ({ ...s, inputs: s.target.id !== null && inputImages ? inputImages(s.target as Target) : 0 }));
  let inputs = 0;
  for (const frame of frames) {
    const { quality, size } = frame;
    const count = 'inputs' in frame ? (frame.inputs as number) : 0;
    inputs += count;
    usd += estimateCost({ model, size, quality, n, partialImages: PARTIAL_IMAGES, inputImages: Array<string>(count).fill(size) }).usd;
    const [a, b] = estimateSeconds(model, quality, size);
    wait = [Math.max(wait[0], a), Math.max(wait[1], b)];
  }
  const what = focus ? `Change “${focus.name}”` : targets.length === 0 ? 'New frame' : plural(targets.length, 'frame');
  const latest = latestByTarget(runs);
  const failed = targets.filter((t) => latest.get(t.id)?.status === 'failed').length;
  // Runs outlive the selection: while any works, the line says so whatever is selected now.
  const running = runs.filter(isActive).length;
  const withInputs = inputs > 0 ? ` incl. ${plural(inputs, 'input image')}` : '';
  const price = demo ? DEMO_PRICE_LABEL : `~${formatUsd(usd)}${focus ? ' + inputs' : withInputs}`;
  return `${what} · ${price} · ${waitText(wait[0], wait[1])}${failed ? ` · ${failed} failed` : ''}${running ? ` · ${running} running` : ''}`;
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
