import { useEffect, useState } from 'preact/hooks';
import { Icon } from './ui3/Icon';
import { modelId, resolveModel, type ModelRef } from '../../core/models';
import { SCAFFOLDS, styleLine, type StyleLock } from '../../core/prompt';
import type { DesignState } from '../state/design-state';

/** The style lock on one line: "off", or what it adds ("on: teal and coral · gouache"). */
export function styleSummary(style: StyleLock): string {
  if (!style.enabled) return 'off';
  const parts = [style.palette, style.lighting, style.mood, style.medium].map((p) => p.trim()).filter(Boolean);
  return parts.length > 0 ? `on: ${parts.join(' · ')}` : 'on, nothing set yet';
}

/** Style lock, the two prompt toggles and the starting points: everything that shapes the prompt, behind one button. */
export function DesignPanel({ d, model, onScaffold, onFromFrame }: { d: DesignState; model: ModelRef; onScaffold(text: string): void; onFromFrame?(): void }) {
  const canBeTransparent = resolveModel(model)?.transparentBackground ?? false;
  const [draft, setDraft] = useState<StyleLock>(d.style);
  const [lockOpen, setLockOpen] = useState(false);
  useEffect(() => setDraft(d.style), [d.style]);
  const field = (key: 'palette' | 'lighting' | 'mood' | 'medium', label: string) => (
    <label>
      {label}
      <input type="text" value={draft[key]} onInput={(e) => setDraft({ ...draft, [key]: e.currentTarget.value })} />
    </label>
  );
  return (
    <section class="design" aria-label="Prompt options">
      <div class="row">
        <label class="check">
          <input type="checkbox" checked={d.useLayerNames} onChange={(e) => d.setUseLayerNames(e.currentTarget.checked)} />
          Prompt from layer names
        </label>
        <label class="check">
          <input type="checkbox" checked={d.useFrameText} onChange={(e) => d.setUseFrameText(e.currentTarget.checked)} />
          Use this frame's text
        </label>
        <label class="check" title={canBeTransparent ? 'PNG with a transparent background' : `${modelId(model)} cannot make transparent backgrounds`}>
          <input type="checkbox" checked={d.transparent && canBeTransparent} disabled={!canBeTransparent} onChange={(e) => d.setTransparent(e.currentTarget.checked)} />
          Transparent background
        </label>
        <label>
          Starting point
          <select
            value=""
            onChange={(e) => {
              const s = SCAFFOLDS.find((x) => x.id === e.currentTarget.value);
              if (s) onScaffold(s.text);
              if (s?.transparent) d.setTransparent(true);
              if (s?.fromFrame) onFromFrame?.();
              e.currentTarget.value = '';
            }}
          >
            <option value="">Choose…</option>
            {SCAFFOLDS.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div class="style-lock">
        <button type="button" class="summary-button" aria-expanded={lockOpen} aria-controls="style-lock-fields" onClick={() => setLockOpen(!lockOpen)}>
          <Icon name="chevron" />
          <span class="name">Style lock: {styleSummary(d.style)}</span>
        </button>
        <div class="fields" id="style-lock-fields" hidden={!lockOpen}>
          <label class="check">
            <input type="checkbox" checked={draft.enabled} onChange={(e) => d.saveStyle({ ...draft, enabled: e.currentTarget.checked })} />
            Apply style lock to every prompt
          </label>
          {field('palette', 'Palette')}
          {d.documentColors.length > 0 && (
            <button type="button" onClick={() => setDraft({ ...draft, palette: d.documentColors.join(', ') })}>
              Use document colours
            </button>
          )}
          {field('lighting', 'Lighting')}
          {field('mood', 'Mood')}
          {field('medium', 'Medium')}
          <button type="button" onClick={() => d.saveStyle(draft)}>
            Save style
          </button>
          {d.style.enabled && <p class="dim">Added to every prompt: {styleLine(d.style) || 'nothing yet'}</p>}
        </div>
      </div>
    </section>
  );
}
