import type { Focus, SelectionInfo, Target } from '../../contract/messages';
import { estimateRuns, estimateText, plural } from '../../core/estimate';
import { resolveModel, type ModelRef } from '../../core/models';
import { defaultQualityFor, type ConcreteQuality } from '../../core/sizing';
import { PARTIAL_IMAGES } from '../run/bodies';
import { nextRuns, sizeTargets, type NextPrompt, type QualityOverrides } from '../run/plan';
import { latestByTarget, statusText, type Run } from '../run/run';

interface Props {
  selection: SelectionInfo;
  /** The model the next prompt uses; the qualities offered and the estimate follow it. */
  model: ModelRef;
  /** Which targets have copy to render (never low quality by default). */
  hasCopy?: (t: Target) => boolean;
  /** The session's runs: each target shows its latest. */
  runs: readonly Run[];
  /** The frame the next prompt edits, if any (see ThreadView). */
  focus?: Focus | null;
  /** How many variations an edit of the focused frame asks for. */
  variations?: number;
  /** Qualities chosen per frame; the others get the size-based default. */
  overrides?: QualityOverrides;
  /** A quality chosen for a frame (null: back to Auto); without it the list offers no choice. */
  onQuality?(id: string, quality: ConcreteQuality | null): void;
  /** Runs a failed frame's run again. */
  onRetry?(runId: string): void;
  /** The backend is in demo mode: estimates say free instead of dollars. */
  demo?: boolean;
  /** Input images each target's request sends (frame to image, anchored sets, adapt): priced in the estimate. */
  inputImages?: (target: Target) => number;
  /** Adapt to sizes is on: the master's name (the targets are the frames it is adapted to, one image each). */
  adaptFrom?: string;
}

/**
 * One sentence on what the next prompt does: edit the focused frame's current image, or generate fresh. The thread
 * view below says what goes along with an edit (references, region).
 */
export function nextPromptText(focus: Focus | null | undefined, targets: number, adaptFrom?: string): string {
  if (adaptFrom !== undefined) return `Next prompt adapts “${adaptFrom}” to ${targets === 1 ? 'the selected frame' : `${targets} frames`}.`;
  if (focus) {
    const current = focus.thread.current ? ` (v${focus.thread.current} on the canvas)` : '';
    return `Next prompt edits “${focus.name}”${current}.`;
  }
  if (targets === 0) return 'Next prompt generates a new frame.';
  return `Next prompt generates fresh images for ${targets === 1 ? 'the selected frame' : `${targets} frames`}.`;
}

const QUALITY_LABEL: Record<ConcreteQuality, string> = { low: 'Low', medium: 'Medium', high: 'High', xhigh: 'Extra high', max: 'Max' };

/** The qualities the model offers; a choice it does not offer shows as Auto (and is not sent, see qualityFor). */
function QualitySelect({ target, value, offered, copy, onChange }: { target: Target; value: ConcreteQuality | undefined; offered: readonly ConcreteQuality[]; copy: boolean; onChange(q: ConcreteQuality | null): void }) {
  const auto = defaultQualityFor(target.width, target.height, copy);
  return (
    <select aria-label={`Quality for ${target.name}`} value={value && offered.includes(value) ? value : ''} onChange={(e) => onChange((e.currentTarget.value || null) as ConcreteQuality | null)}>
      <option value="">Auto ({auto})</option>
      {offered.map((q) => (
        <option key={q} value={q}>
          {QUALITY_LABEL[q]}
        </option>
      ))}
    </select>
  );
}

/**
 * The next prompt's estimate: an edit's variations at the focused frame's size and quality (its input images are
 * billed too, by a count of image tokens OpenAI does not publish in advance, so the line says so rather than guess),
 * or every target's image with the input images it sends.
 */
export function nextEstimate(p: NextPrompt, demo = false): string {
  const runs = nextRuns(p);
  const estimate = estimateRuns(runs, { partialImages: PARTIAL_IMAGES, demo });
  const edit = p.focus ? runs[0] : undefined;
  return estimateText(estimate, edit ? { what: `Edit: ${plural(p.variations, 'image')} at ${edit.size} ${edit.quality}` } : {});
}

/** The cost policy's word on copy: frames with copy to render that would have been low get medium. */
export function copyPolicyNote(targets: readonly Target[], hasCopy: (t: Target) => boolean, overrides: QualityOverrides): string {
  const raised = targets.filter((t) => hasCopy(t) && !overrides.has(t.id) && defaultQualityFor(t.width, t.height) === 'low');
  if (raised.length === 0) return '';
  return ` · medium, not low, for ${raised.length === 1 ? `${raised[0]!.name}'s copy` : `${raised.length} frames' copy`}: small text needs it`;
}

/** What the next prompt will fill (and at what size and quality), how each target's latest image is doing, and what is skipped. */
export function TargetList({ selection, model, hasCopy = () => false, runs, focus, variations = 1, overrides = new Map(), onQuality, onRetry, demo = false, adaptFrom, inputImages }: Props) {
  const { targets, skipped } = selection;
  const plan = sizeTargets(targets, model, overrides, hasCopy);
  const latest = latestByTarget(runs);
  const offered = resolveModel(model)?.qualities ?? ['low', 'medium', 'high'];
  const estimate = nextEstimate({ targets, focus: focus ?? null, model, variations, overrides, hasCopy, inputImages, adapting: adaptFrom !== undefined }, demo) + (focus ? '' : copyPolicyNote(targets, hasCopy, overrides));
  return (
    <section class="targets" aria-label="Targets">
      <p class={`next ${focus ? 'edits' : 'generates'}`} role="status" aria-label="Next prompt">
        {nextPromptText(focus, targets.length, adaptFrom)}
      </p>
      {targets.length === 0 ? (
        <p class="hint">Nothing selected: the image goes into a new frame ({plan[0]!.size}) at the centre of the view.</p>
      ) : (
        <ul>
          {targets.map((t, i) => {
            const item = latest.get(t.id);
            const status = item?.status;
            return (
              <li key={t.id}>
                <span class="name">{t.name}</span>
                <span class="dim">
                  {t.width} × {t.height} → {plan[i]!.size}
                  {onQuality ? '' : ` ${plan[i]!.quality}`}
                  {t.hasImageFill ? ' · has an image' : ''}
                </span>
                {onQuality && <QualitySelect target={t} value={overrides.get(t.id)} offered={offered} copy={hasCopy(t)} onChange={(q) => onQuality(t.id, q)} />}
                {item && <span class={`status ${item.status}`}>{statusText(item)}</span>}
                {status === 'running' && item!.partialUrl && <img class="live" src={item!.partialUrl} alt={`Partial image for ${t.name}`} />}
                {status === 'failed' && (
                  <p class="live error">
                    {item!.message}
                    {onRetry && item!.startedAt !== undefined && (
                      <button type="button" class="secondary" aria-label={`Retry ${t.name}`} onClick={() => onRetry(item!.id)}>
                        Retry
                      </button>
                    )}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <p class="dim estimate">{estimate}</p>
      {skipped.length > 0 && (
        <ul class="skipped" aria-label="Skipped layers">
          {skipped.map((s) => (
            <li key={s.id}>
              <span class="name">{s.name}</span> <span class="dim">skipped: {s.reason}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
