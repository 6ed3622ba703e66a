import type { Focus, SelectionInfo, Target } from '../../contract/messages';
import { estimateCost, estimateSeconds, formatUsd } from '../../core/cost';
import { defaultQualityFor, type Quality } from '../../core/sizing';
import { PARTIAL_IMAGES } from '../generate';
import { latestByTarget, planTurn, STATUS_TEXT, type QualityOverrides, type Turn } from '../state/turns';

type Concrete = Exclude<Quality, 'auto'>;

interface Props {
  selection: SelectionInfo;
  model: string;
  turns: readonly Turn[];
  /** The frame the next prompt edits, if any (see ThreadView). */
  focus?: Focus | null;
  /** Qualities chosen per frame; the others get the size-based default. */
  overrides?: QualityOverrides;
  /** A quality chosen for a frame (null: back to Auto); without it the list offers no choice. */
  onQuality?(id: string, quality: Concrete | null): void;
}

/**
 * One sentence on what the next prompt does: edit the focused frame's current image, or generate fresh. The thread
 * view below says what goes along with an edit (references, region).
 */
export function nextPromptText(focus: Focus | null | undefined, targets: number): string {
  if (focus) {
    const current = focus.thread.current ? ` (v${focus.thread.current} on the canvas)` : '';
    return `Next prompt edits “${focus.name}”${current}.`;
  }
  if (targets === 0) return 'Next prompt generates a new frame.';
  return `Next prompt generates fresh images for ${targets === 1 ? 'the selected frame' : `${targets} frames`}.`;
}

const QUALITY_LABEL: Record<Concrete, string> = { low: 'Low', medium: 'Medium', high: 'High' };

function QualitySelect({ target, value, onChange }: { target: Target; value: Concrete | undefined; onChange(q: Concrete | null): void }) {
  const auto = defaultQualityFor(target.width, target.height);
  return (
    <select aria-label={`Quality for ${target.name}`} value={value ?? ''} onChange={(e) => onChange((e.currentTarget.value || null) as Concrete | null)}>
      <option value="">Auto ({auto})</option>
      {(['low', 'medium', 'high'] as const).map((q) => (
        <option key={q} value={q}>
          {QUALITY_LABEL[q]}
        </option>
      ))}
    </select>
  );
}

/** What the next prompt will fill (and at what size and quality), how each target's latest image is doing, and what is skipped. */
export function TargetList({ selection, model, turns, focus, overrides = new Map(), onQuality }: Props) {
  const { targets, skipped } = selection;
  const plan = planTurn(targets, model, () => '', overrides);
  const latest = latestByTarget(turns);
  const usd = plan.reduce((sum, p) => sum + estimateCost({ model, size: p.size, quality: p.quality, partialImages: PARTIAL_IMAGES }).usd, 0);
  // Frames run side by side, so the batch takes about as long as its slowest frame.
  const [minS, maxS] = plan.reduce(([lo, hi], p) => {
    const [a, b] = estimateSeconds(p.quality, p.size);
    return [Math.max(lo, a), Math.max(hi, b)];
  }, [0, 0]);
  return (
    <section class="targets" aria-label="Targets">
      <p class={`next ${focus ? 'edits' : 'generates'}`} role="status" aria-label="Next prompt">
        {nextPromptText(focus, targets.length)}
      </p>
      {targets.length === 0 ? (
        <p class="hint">Nothing selected: the image goes into a new frame ({plan[0]!.size}) at the centre of the view.</p>
      ) : (
        <ul>
          {targets.map((t, i) => {
            const status = latest.get(t.id)?.status;
            return (
              <li key={t.id}>
                <span class="name">{t.name}</span>
                <span class="dim">
                  {t.width} × {t.height} → {plan[i]!.size}
                  {onQuality ? '' : ` ${plan[i]!.quality}`}
                  {t.hasImageFill ? ' · has an image' : ''}
                </span>
                {onQuality && <QualitySelect target={t} value={overrides.get(t.id)} onChange={(q) => onQuality(t.id, q)} />}
                {status && <span class={`status ${status}`}>{STATUS_TEXT[status]}</span>}
              </li>
            );
          })}
        </ul>
      )}
      <p class="dim estimate">
        {plan.length} {plan.length === 1 ? 'image' : 'images'} · about {formatUsd(usd)} · about {minS}–{maxS} s
      </p>
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
