import { useState } from 'preact/hooks';
import type { Target } from '../../contract/messages';
import { ADAPT_PRESETS, presetLabel, presetNote, type AdaptPreset } from '../../core/adapt-sizes';

/**
 * Adapt to sizes from one image (issue 15): the common social and ad sizes, each a new empty frame beside the master
 * (the leaderboard says what happens past the model's 1:3..3:1), made at once; the master and the new frames are then
 * selected and "Adapt to sizes" is on, so the next prompt adapts the master to them.
 */
export function AdaptPresets({ master, onAdd }: { master: Pick<Target, 'name'>; onAdd(presets: AdaptPreset[]): void }) {
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(ADAPT_PRESETS.map((p) => p.id)));
  const picked = ADAPT_PRESETS.filter((p) => chosen.has(p.id));
  const toggle = (id: string, on: boolean) => setChosen((prev) => new Set([...prev].filter((x) => x !== id).concat(on ? [id] : [])));
  return (
    <div class="adapt-presets">
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        Adapt to sizes…
      </button>
      {open && (
        <div class="adapt-controls" role="group" aria-label="Preset sizes">
          {ADAPT_PRESETS.map((p) => {
            const note = presetNote(p);
            return (
              <label key={p.id} class="check" title={note ?? undefined}>
                <input type="checkbox" checked={chosen.has(p.id)} onChange={(e) => toggle(p.id, e.currentTarget.checked)} />
                {presetLabel(p)}
              </label>
            );
          })}
          {picked
            .filter((p) => presetNote(p))
            .map((p) => (
              <p key={p.id} class="adapt-note">{`${presetLabel(p)}: ${presetNote(p)}`}</p>
            ))}
          <button type="button" disabled={picked.length === 0} onClick={() => onAdd(picked)}>
            {`Add ${picked.length} ${picked.length === 1 ? 'frame' : 'frames'} beside “${master.name}”`}
          </button>
        </div>
      )}
    </div>
  );
}
