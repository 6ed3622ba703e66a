import { PromptSent } from './ModelControls';
import type { ConversationEngine } from '../../contract/messages';
import { MAX_VARIATIONS } from '../edit-run';
import type { EditRun, EditStatus, ThreadState } from '../state/thread-state';

const STATUS: Record<EditStatus, string> = {
  reading: 'Reading the frame…',
  editing: 'Editing…',
  choosing: 'Pick a variation',
  applying: 'Placing on the canvas…',
  done: 'Done',
  'not-placed': 'Not placed',
  failed: 'Failed',
  stopped: 'Stopped',
};

function Run({ run, onApply }: { run: EditRun; onApply(index: number): void }) {
  const many = run.results.length > 1;
  return (
    <li class={`item ${run.status}`}>
      <div class="item-head">
        <span class="prompt">{run.prompt}</span>
        <span class="dim">
          {run.size} · {run.quality}
          {run.engine === 'responses' ? ' · conversation' : ''}
        </span>
        <span class="status">{STATUS[run.status]}</span>
      </div>
      <PromptSent text={run.sent} target={run.nodeName} />
      {run.partialUrl && <img class="partial" src={run.partialUrl} alt={`Partial edit of ${run.nodeName}`} />}
      {run.results.length > 0 && (
        <ul class={many ? 'variations' : ''} aria-label={`Results of “${run.prompt}”`}>
          {run.results.map((r, i) => (
            <li key={r.url}>
              <img src={r.url} alt={many ? `Variation ${i + 1} of ${run.results.length}` : `Edited image for ${run.nodeName}`} />
              {many && (
                <button type="button" class="secondary" disabled={run.status === 'applying' || run.applied === i} onClick={() => onApply(i)}>
                  {run.applied === i ? `Variation ${i + 1} applied` : `Apply variation ${i + 1}`}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {run.message && <p class={run.status === 'failed' || run.status === 'not-placed' ? 'error' : 'note'}>{run.message}</p>}
    </li>
  );
}

/** The focused frame's conversation: its versions (restore any), what goes along with the next prompt, the edits. */
export function ThreadView({ t }: { t: ThreadState }) {
  const { focus } = t;
  if (!focus) return null;
  const versions = [...focus.thread.versions].sort((a, b) => a.id - b.id);
  const runs = t.runs.filter((r) => r.nodeId === focus.nodeId);
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
      {runs.length > 0 && (
        <ol class="chat" aria-label="Edits" aria-live="polite">
          {runs.map((run) => (
            <Run key={run.id} run={run} onApply={(i) => t.applyVariation(run.id, i)} />
          ))}
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

/** Settings: which engine edits a frame. */
export function EngineSetting({ engine, onChange }: { engine: ConversationEngine; onChange(engine: ConversationEngine): void }) {
  return (
    <label class="inline">
      Engine
      <select value={engine} onChange={(e) => onChange(e.currentTarget.value === 'responses' ? 'responses' : 'images')}>
        <option value="images">Edits (default)</option>
        <option value="responses">Conversation</option>
      </select>
    </label>
  );
}
