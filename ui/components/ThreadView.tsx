import type { ConversationEngine } from '../../contract/messages';
import { MAX_VARIATIONS, type FocusState } from '../state/focus-state';

/** The focused frame's conversation: its versions (restore any) and what goes along with the next prompt (its edits are runs in the chat). */
export function ThreadView({ t }: { t: FocusState }) {
  const { focus } = t;
  if (!focus) return null;
  const versions = [...focus.thread.versions].sort((a, b) => a.id - b.id);
  return (
    <section class="thread" aria-label="Thread">
      <p class="hint">
        Talking to <strong>{focus.name}</strong>: the next prompt edits its current image
        {focus.references.length > 0 && <> with {focus.references.map((r) => `“${r.name}”`).join(', ')} as reference</>}
        {focus.mask && <>, only inside “{focus.mask.name}”</>}.
      </p>
      {focus.maskProblem && <p class="error">{focus.maskProblem}</p>}
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
    </section>
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
