import type { PromptMode } from '../run/plan';

const LABELS: Record<PromptMode, { text: string; hint: string }> = {
  edit: { text: 'Edit this image', hint: 'A new version changed from the current image' },
  new: { text: 'New image', hint: 'A fresh image from the prompt alone, as the next version' },
};

/**
 * On a filled frame, what the prompt does (issue 19): edit the frame's image, or make a new one for it. A pair of
 * radio buttons (arrow keys move between them, as in any radio group), drawn as Figma's segmented control.
 */
export function PromptModeChoice({ value, onChange }: { value: PromptMode; onChange(mode: PromptMode): void }) {
  return (
    <div class="segmented" role="radiogroup" aria-label="What the prompt does">
      {(Object.keys(LABELS) as PromptMode[]).map((mode) => (
        <label key={mode} class={value === mode ? 'checked' : undefined} title={LABELS[mode].hint}>
          <input type="radio" name="prompt-mode" value={mode} checked={value === mode} onChange={() => onChange(mode)} />
          {LABELS[mode].text}
        </label>
      ))}
    </div>
  );
}
