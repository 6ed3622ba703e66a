import { useEffect, useState } from 'preact/hooks';
import { modelId, resolveModel, type ModelRef } from '../../core/models';
import { SCAFFOLDS, styleLine, type StyleLock } from '../../core/prompt';
import type { DesignState } from '../state/design-state';

/** Style lock, the two prompt toggles and the starting points: everything that shapes the prompt, in sight. */
export function DesignPanel({ d, model, onScaffold }: { d: DesignState; model: ModelRef; onScaffold(text: string): void }) {
  const canBeTransparent = resolveModel(model)?.transparentBackground ?? false;
  const [draft, setDraft] = useState<StyleLock>(d.style);
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
      <details>
        <summary>Style lock{d.style.enabled ? ' (on)' : ''}</summary>
        <label class="check">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => d.saveStyle({ ...draft, enabled: e.currentTarget.checked })} />
          Apply style lock to every prompt
        </label>
        {field('palette', 'Palette')}
        {d.documentColors.length > 0 && (
          <button type="button" class="secondary" onClick={() => setDraft({ ...draft, palette: d.documentColors.join(', ') })}>
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
      </details>
    </section>
  );
}
