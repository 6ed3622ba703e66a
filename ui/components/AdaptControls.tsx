import type { Target } from '../../contract/messages';
import { ratioLimit } from '../../core/adapt-geometry';
import { adaptSelection, narrowerText, PLACEMENT_KINDS, PLACEMENT_LABELS, SUBJECT_PLACES, type AdaptChoice, type PlacementKind, type SubjectPlace } from '../../core/adapt-sizes';

/**
 * Adapt to sizes (issue 15), once chosen: which frame is the master and how many it goes to, how the master is
 * placed on each target (fit, anchored on the subject, or filled), where the subject is, whether narrower targets
 * crop the master first (said in words), the targets past the model's aspect limit and what happens to them, and
 * that each is an edit with an input image (priced so in the estimate). A selection that cannot be adapted says why.
 */
export function AdaptControls({ targets, choice, onChoice }: { targets: readonly Target[]; choice: AdaptChoice; onChoice(next: AdaptChoice): void }) {
  const chosen = adaptSelection(targets);
  if (!chosen.ok) {
    return (
      <p class="adapt-note error" role="status">
        {chosen.problem}
      </p>
    );
  }
  const set = (patch: Partial<AdaptChoice>) => onChoice({ ...choice, ...patch });
  const past = chosen.targets.map((t) => ({ t, note: ratioLimit(t) })).filter((x) => x.note);
  const count = chosen.targets.length;
  return (
    <div class="adapt-controls" role="group" aria-label="Adapt to sizes">
      <p class="adapt-note">{`“${chosen.master.name}” is the master: ${count} ${count === 1 ? 'frame' : 'frames'} get its image recomposed to their size, each an edit with the master as input image (edits with input images cost more; see the estimate).`}</p>
      <label>
        Placement
        <select value={choice.kind} onChange={(e) => set({ kind: e.currentTarget.value as PlacementKind })}>
          {PLACEMENT_KINDS.map((k) => (
            <option key={k} value={k}>
              {PLACEMENT_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      {choice.kind !== 'fit' && (
        <label>
          Subject
          <select value={choice.subject} onChange={(e) => set({ subject: e.currentTarget.value as SubjectPlace })}>
            {(Object.keys(SUBJECT_PLACES) as SubjectPlace[]).map((k) => (
              <option key={k} value={k}>
                {SUBJECT_PLACES[k].label}
              </option>
            ))}
          </select>
        </label>
      )}
      {choice.kind !== 'cover' && (
        <label class="check" title="Where a target is narrower (or flatter) than the master">
          <input type="checkbox" checked={choice.crop} onChange={(e) => set({ crop: e.currentTarget.checked })} />
          Crop narrower targets around the subject
        </label>
      )}
      <p class="adapt-note">{narrowerText(choice)}</p>
      {past.map(({ t, note }) => (
        <p key={t.id} class="adapt-note">{`“${t.name}”: ${note}`}</p>
      ))}
    </div>
  );
}
