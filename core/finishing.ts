/**
 * Finishing actions on an image layer (issue 16): what each asks the model to change, in the words of OpenAI's
 * prompting guide for edits (say what changes, then what stays), and which model can do it. Pure.
 */
import type { ModelInfo } from './models';

export const FINISHING_ACTIONS = ['remove-background', 'fix-text'] as const;
export type FinishingAction = (typeof FINISHING_ACTIONS)[number];
export const FINISHING_LABELS: Record<FinishingAction, string> = { 'remove-background': 'Remove background', 'fix-text': 'Fix the text' };

/** Remove background: the subject untouched, nothing behind it (the request also asks for `background: transparent`). */
export const REMOVE_BACKGROUND_CHANGE =
  'remove the background entirely, leaving the main subject alone on a transparent background; keep the subject exactly as it is: its shape, edges, colours, details and any text on it';

/** Fix the text: the copy to render instead of what the image shows now, each line quoted exactly. */
export function fixTextChange(copy: readonly string[]): string {
  const lines = copy.map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
  if (lines.length === 0) throw new Error('Type the text the image should show.');
  const quoted = lines.map((t) => `"${t.replace(/"/g, '\u201d')}"`).join(', then ');
  return `replace the text rendered in the image with exactly ${quoted}, spelled exactly as written; same typeface, weight, size, colour, position and alignment as the text it replaces`;
}

/**
 * A model that can make a transparent background when `model` cannot: the first of `models` (the backend's allowed
 * list, the team's default first) that can, else null.
 */
export function transparentAlternative(model: Pick<ModelInfo, 'id' | 'transparentBackground'>, models: readonly ModelInfo[]): ModelInfo | null {
  if (model.transparentBackground) return null;
  return models.find((m) => m.transparentBackground) ?? null;
}
