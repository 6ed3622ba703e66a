/**
 * What Figment knows about OpenAI's GPT Image models (see ../shared/research/openai-images.md).
 * Pure data: the UI sizes requests with it, the backend validates them with it.
 */

export type SizingRule =
  /** Any `WxH` within the flexible limits below (gpt-image-2 family). */
  | { kind: 'flexible' }
  /** Only the listed sizes. */
  | { kind: 'fixed'; sizes: readonly string[] };

export interface ModelInfo {
  id: string;
  label: string;
  sizing: SizingRule;
  qualities: readonly string[];
  /** Most images one edit request may carry (first is the image to edit, the rest references). */
  maxEditImages: number;
  /** `input_fidelity` may be sent (gpt-image-2 must omit it: it always uses high fidelity). */
  acceptsInputFidelity: boolean;
  transparentBackground: boolean;
  /** ISO date after which OpenAI no longer serves the model, when announced. */
  retiresOn?: string;
}

/** gpt-image-2 size limits (OpenAI image generation guide). */
export const FLEXIBLE_LIMITS = {
  multiple: 16,
  maxEdge: 3840,
  maxAspect: 3,
  minPixels: 655_360,
  maxPixels: 8_294_400,
  /** Above this many pixels OpenAI calls outputs experimental. */
  experimentalAbovePixels: 3_686_400,
} as const;

export const FIXED_SIZES = ['1024x1024', '1536x1024', '1024x1536'] as const;

const flexible: SizingRule = { kind: 'flexible' };
const fixed: SizingRule = { kind: 'fixed', sizes: FIXED_SIZES };

/** The most images (the frame's own plus references) any model takes in one edit. */
export const MAX_EDIT_IMAGES = 16;

export const MODELS: readonly ModelInfo[] = [
  {
    id: 'gpt-image-2',
    label: 'GPT Image 2',
    sizing: flexible,
    qualities: ['low', 'medium', 'high', 'auto'],
    maxEditImages: MAX_EDIT_IMAGES,
    acceptsInputFidelity: false,
    // In preview for gpt-image-2 (the spec's CreateImageRequest.background).
    transparentBackground: true,
  },
  {
    id: 'gpt-image-1.5',
    label: 'GPT Image 1.5',
    sizing: fixed,
    qualities: ['low', 'medium', 'high', 'auto'],
    maxEditImages: MAX_EDIT_IMAGES,
    acceptsInputFidelity: true,
    transparentBackground: true,
    retiresOn: '2026-12-01',
  },
  {
    id: 'gpt-image-1-mini',
    label: 'GPT Image 1 mini',
    sizing: fixed,
    qualities: ['low', 'medium', 'high', 'auto'],
    maxEditImages: MAX_EDIT_IMAGES,
    acceptsInputFidelity: false,
    transparentBackground: true,
    retiresOn: '2026-12-01',
  },
];

export const DEFAULT_MODEL = 'gpt-image-2';

export function findModel(id: string): ModelInfo | undefined {
  return MODELS.find((m) => m.id === id || id.startsWith(`${m.id}-20`));
}

const DAY_MS = 86_400_000;

/**
 * A warning for a model OpenAI is shutting down (within `withinDays`) or has shut down, naming the date and the
 * default model to move to; null for a model with no retirement in sight. `today` is an ISO date (YYYY-MM-DD).
 */
export function retirementNotice(modelId: string, today: string, withinDays = 60): string | null {
  const model = findModel(modelId);
  if (!model?.retiresOn) return null;
  const days = Math.round((Date.parse(model.retiresOn) - Date.parse(today)) / DAY_MS);
  if (days > withinDays) return null;
  const move = `move to ${DEFAULT_MODEL} (FIGMENT_MODEL / FIGMENT_ALLOWED_MODELS)`;
  if (days <= 0) return `${model.id} was shut down by OpenAI on ${model.retiresOn}; requests for it will fail: ${move}.`;
  return `${model.id} shuts down on ${model.retiresOn} (in ${days} ${days === 1 ? 'day' : 'days'}): ${move}.`;
}
