/**
 * The model for the next prompt, near the prompt: the backend's allowed models (remembered with the settings), the
 * team default pairing, and 2.6's complexity when the model in use takes it. Also the disclosure that shows the
 * exact prompt sent under each request, collapsed by default: never a hidden rewrite.
 */
import { useId } from 'preact/hooks';
import type { Complexity } from '../../contract/api';
import type { ModelInfo } from '../../core/models';
import { teamDefaultLabel, type ModelChoice } from '../state/model-choice';

/**
 * Offered when the backend allows more than one model (with one there is nothing to choose). Models the backend
 * cannot serve (`unavailable`, from /v1/config: Azure without a deployment) are greyed out, and why is the
 * select's accessible description.
 */
export function ModelSelect({ m }: { m: Pick<ModelChoice, 'models' | 'choice' | 'choose' | 'pair'> & { unavailable?: Record<string, string> } }) {
  const hintId = useId();
  if (m.models.length < 2) return null;
  const why = (id: string) => m.unavailable?.[id];
  const greyed = m.models.filter((model) => why(model.id));
  return (
    <>
      <label class="inline">
        Model
        <select value={m.choice} onChange={(e) => m.choose(e.currentTarget.value)} aria-describedby={greyed.length ? hintId : undefined}>
          <option value="">{teamDefaultLabel(m.pair)}</option>
          {m.models.map((model) => (
            <option key={model.id} value={model.id} title={why(model.id) ?? model.goodFor} disabled={!!why(model.id)}>
              {model.label}
              {why(model.id) ? ' (unavailable)' : ''}
            </option>
          ))}
        </select>
      </label>
      {greyed.length > 0 && (
        <span id={hintId} class="hint">
          {greyed.map((model) => `${model.label}: ${why(model.id)}`).join(' ')}
        </span>
      )}
    </>
  );
}

/** Shown only for a model that takes `complexity`; omitted means the model's default, high. */
export function ComplexitySelect({ model, value, onChange }: { model: ModelInfo; value: Complexity | null; onChange(c: Complexity | null): void }) {
  if (model.complexities.length === 0) return null;
  return (
    <label class="inline">
      Complexity
      <select value={value && model.complexities.includes(value) ? value : ''} onChange={(e) => onChange((e.currentTarget.value || null) as Complexity | null)}>
        <option value="">Default (high)</option>
        {model.complexities.map((c) => (
          <option key={c} value={c}>
            {c[0]!.toUpperCase() + c.slice(1)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The exact prompt a request sent, under it in the chat, collapsed until asked for. */
export function PromptSent({ text, target }: { text: string | undefined; target: string }) {
  if (!text) return null;
  return (
    <details class="prompt-sent">
      <summary aria-label={`Prompt sent for ${target}`}>Prompt sent</summary>
      <pre>{text}</pre>
    </details>
  );
}
