import { useState } from 'preact/hooks';
import type { Focus } from '../../contract/messages';
import { FINISHING_LABELS, transparentAlternative } from '../../core/finishing';
import type { ModelInfo } from '../../core/models';
import type { QualityOverrides } from '../run/plan';
import { nextEstimate } from './TargetList';

interface Props {
  focus: Focus;
  /** The edit model the actions would use, and the backend's allowed models (for one that can do what it cannot). */
  model: ModelInfo;
  models: readonly ModelInfo[];
  overrides: QualityOverrides;
  /** The copy the frame's text layers hold, to start Fix the text from. */
  frameText: readonly string[];
  /** A demo backend: the estimate says free. */
  demo?: boolean;
  onRemoveBackground(): void;
  onFixText(copy: string[]): void;
  onChooseModel(id: string): void;
}

/**
 * One-click finishing on the focused image layer, whoever made it (issue 16): Remove background and Fix the text,
 * each an edit of the current image that lands as a new version in one undo step. Each shows its estimate first.
 */
export function FinishingActions({ focus, model, models, overrides, frameText, demo = false, onRemoveBackground, onFixText, onChooseModel }: Props) {
  const [fixing, setFixing] = useState(false);
  const [copy, setCopy] = useState('');
  const estimate = nextEstimate({ targets: [], focus, model, variations: 1, overrides }, demo).replace(/^Edit: /, '');
  const alternative = transparentAlternative(model, models);
  const lines = copy.split('\n').map((l) => l.trim()).filter(Boolean);
  return (
    <section class="finishing" aria-label="Finish this image">
      <p class="hint" id="finishing-estimate">
        Each action: {estimate}
      </p>
      <div class="finishing-actions">
        <button type="button" class="secondary" disabled={!model.transparentBackground} aria-describedby="finishing-estimate" onClick={onRemoveBackground}>
          {FINISHING_LABELS['remove-background']}
        </button>
        <button
          type="button"
          class="secondary"
          aria-expanded={fixing}
          aria-describedby="finishing-estimate"
          onClick={() => {
            if (!fixing && !copy) setCopy(frameText.join('\n'));
            setFixing(!fixing);
          }}
        >
          {FINISHING_LABELS['fix-text']}
        </button>
      </div>
      {!model.transparentBackground && (
        <p class="hint" role="note">
          {model.label} cannot make a transparent background.{' '}
          {alternative ? (
            <button type="button" class="link" onClick={() => onChooseModel(alternative.id)}>
              Use {alternative.label}
            </button>
          ) : (
            'No model this backend allows can.'
          )}
        </p>
      )}
      {fixing && (
        <div class="fix-text" role="group" aria-label="Fix the text">
          <label>
            The text the image should show (one line each)
            <textarea rows={2} value={copy} onInput={(e) => setCopy(e.currentTarget.value)} />
          </label>
          <button
            type="button"
            class="secondary"
            disabled={lines.length === 0}
            onClick={() => {
              onFixText(lines);
              setFixing(false);
            }}
          >
            Replace the text
          </button>
        </div>
      )}
    </section>
  );
}
