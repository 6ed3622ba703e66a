import type { ConversationEngine } from '../../contract/messages';
import { MAX_VARIATIONS, type FocusState } from '../state/focus-state';
import { IconButton } from './ui3/IconButton';

/** The focused frame's conversation: its versions (restore any) and what goes along with the next prompt (its edits are runs in the chat). */
export function ThreadView({ t, onRegenerate }: { t: FocusState; onRegenerate?(prompt: string): void }) {
  const { focus } = t;
  if (!focus) return null;
  const versions = [...focus.thread.versions].sort((a, b) => a.id - b.id);
  const current = versions.find((v) => v.id === focus.thread.current);
  const edits = t.mode === 'edit';
  return (
    <section class="thread" aria-label="Thread">
      <p class="hint">
        Talking to <strong>{focus.name}</strong>: {edits ? 'the next prompt edits its current image' : 'the next prompt makes a new image for it, its next version'}
        {edits && focus.references.length > 0 && <> with {focus.references.map((r) => `“${r.name}”`).join(', ')} as reference</>}
        {edits && focus.mask && <>, only inside “{focus.mask.name}”</>}.
      </p>
      {focus.mask && edits && <MaskChip name={focus.mask.name} hide={t.hideMask} onHide={t.setHideMask} onRemove={t.removeMask} />}
      {focus.maskProblem && edits && <p class="error">{focus.maskProblem}</p>}
      {versions.length > 0 && (
        <ol class="versions" aria-label="Versions">
          {versions.map((v) => {
            const current = v.id === focus.thread.current;
            return (
              <li key={v.id} aria-current={current ? 'true' : undefined}>
                <button type="button" class="version" aria-label={current ? `Version ${v.id} is on the canvas` : `Restore version ${v.id}`} disabled={current} onClick={() => t.restore(v.id)}>
                  {t.thumbs[v.imageHash] ? <img src={t.thumbs[v.imageHash]} alt="" /> : <span class="dim">v{v.id}</span>}
                </button>
                <span class="dim">
                  v{v.id}
                  {v.parent !== null ? ` (from v${v.parent})` : ''} · {v.prompt}
                  {current ? ' · on canvas' : ''}
                </span>
              </li>
            );
          })}
        </ol>
      )}
      {onRegenerate && current && (
        <button type="button" class="secondary" title={`A new image from v${current.id}'s prompt: “${current.prompt}”`} onClick={() => onRegenerate(current.prompt)}>
          Regenerate
        </button>
      )}
    </section>
  );
}

/**
 * The region's mask shape, shown as what it is (issue 19): it goes along with the edit, never a target of its own.
 * Remove takes it out of the selection; the checkbox hides it on the canvas with the edited image (one undo step).
 */
function MaskChip({ name, hide, onHide, onRemove }: { name: string; hide: boolean; onHide(hide: boolean): void; onRemove(): void }) {
  return (
    <div class="mask-chip-row">
      <span class="chip">
        Mask: {name}
        <IconButton icon="close" label={`Remove mask ${name}`} onClick={onRemove} />
      </span>
      <label class="inline">
        <input type="checkbox" checked={hide} onChange={(e) => onHide(e.currentTarget.checked)} />
        Hide the mask shape after
      </label>
    </div>
  );
}

/** How many images the next prompt asks for (an edit, or one frame's generation), to compare and apply one. */
export function VariationsSelect({ value, onChange }: { value: number; onChange(n: number): void }) {
  return (
    <label class="inline">
      Variations
      <select value={String(value)} onChange={(e) => onChange(Number(e.currentTarget.value))}>
        {Array.from({ length: MAX_VARIATIONS }, (_, i) => (
          <option key={i} value={String(i + 1)}>
            {i + 1}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The edit engine (in Settings). `unavailable` is why this backend cannot hold a conversation (Azure): the option greys out. */
export function EngineSetting({ engine, unavailable, onChange }: { engine: ConversationEngine; unavailable?: string; onChange(engine: ConversationEngine): void }) {
  const value = unavailable ? 'images' : engine;
  return (
    <label class="inline">
      Engine
      <select value={value} aria-describedby={unavailable ? 'engine-unavailable' : undefined} onChange={(e) => onChange(e.currentTarget.value === 'responses' ? 'responses' : 'images')}>
        <option value="images">Edits (default)</option>
        <option value="responses" disabled={unavailable !== undefined}>
          Conversation
        </option>
      </select>
      {unavailable && (
        <span id="engine-unavailable" class="hint">
          Conversation is not available on this backend: {unavailable}
        </span>
      )}
    </label>
  );
}
