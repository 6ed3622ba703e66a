/**
 * What Figment knows about OpenAI's GPT Image models, as data: one entry per model, every capability the UI
 * sizes, prices and offers controls by and the backend validates by. Sources and their strength are in
 * ../shared/research/openai-images.md (§1, §7); where they are thin (3rd-party or UNCERTAIN) the field says so.
 * A team adds or overrides entries without a code change (FIGMENT_MODELS_FILE, see server/models-file.ts). Pure.
 */
import { COMPLEXITIES, CONCRETE_QUALITIES, OUTPUT_FORMATS, type ModelCapabilities } from '../contract/api';

export type { Complexity, ModelCapabilities, OutputFormat, Quality, ConcreteQuality, TokenPrices } from '../contract/api';
export type ModelInfo = ModelCapabilities;

/** The gpt-image-2 family's size limits (OpenAI image generation guide; 2.5/2.6 share them per 3rd-party docs). */
export const FLEXIBLE_LIMITS = {
  multiple: 16,
  maxEdge: 3840,
  maxAspect: 3,
  minPixels: 655_360,
  maxPixels: 8_294_400,
  /** Above this many pixels OpenAI calls outputs experimental. */
  experimentalAbovePixels: 3_686_400,
} as const;

/** The most images (the frame's own plus references) any model takes in one edit. */
export const MAX_EDIT_IMAGES = 16;

/** gpt-image-2: $5 text in, $8 image in, $30 image out per 1M tokens (§7.1); 2.5 is priced the same (3rd-party). */
const PRICES_2 = { textIn: 5, imageIn: 8, imageOut: 30 };
/** 2.6 adds cached-input prices (3rd-party, citing OpenAI's pricing page, §7.1). */
const PRICES_26 = { textIn: 5, textCachedIn: 1.25, imageIn: 8, imageCachedIn: 2, imageOut: 30 };
/**
 * xhigh and max have no published token counts: estimated as 2x and 4x high's (an assumption; actual cost always
 * comes from `usage`).
 */
const TOKENS_25 = { xhigh: 2, max: 4 };
/** 2.6: "low and medium use 3-4 times the tokens of 2.5, high and above cost the same" (3rd-party, §1.4): 3.5x. */
const TOKENS_26 = { low: 3.5, medium: 3.5, xhigh: 2, max: 4 };
/**
 * `complexity` on 2.6: low, medium or high; omitted means high, at no extra charge (official ko-KR guide, §1.4).
 * Transparent background: "Both support image generation, editing, and transparent backgrounds" (2.6 prompting
 * guide); 2.5 "supports opaque and transparent" (Responses reference, §1.1). `input_fidelity` on 2.5/2.6 is
 * UNCERTAIN (3rd-party: not supported), so it is left out, as gpt-image-2 must leave it out.
 * GIF and SVG output on 2.6 are documented but their request fields are not verified (§1.4): not offered.
 * (Entries are plain literals, no spreads, so the main thread's bundle can drop the table: it needs none of it.)
 */
export const BUILT_IN_MODELS: readonly ModelInfo[] = [
  {
    id: 'gpt-image-2',
    label: 'GPT Image 2',
    goodFor: 'the steady baseline; every size from thumbnails to 4K',
    sizing: 'flexible',
    qualities: ['low', 'medium', 'high'],
    complexities: [],
    // In preview for gpt-image-2 (the spec's CreateImageRequest.background).
    transparentBackground: true,
    inputFidelity: false,
    maxEditImages: MAX_EDIT_IMAGES,
    outputFormats: OUTPUT_FORMATS,
    prices: PRICES_2,
    // Research notes' suggested ETAs (§7.2), inferred, not measured.
    latencySeconds: { low: [10, 20], medium: [30, 60], high: [60, 200] },
  },
  {
    id: 'gpt-image-2.5-flare',
    label: 'GPT Image 2.5 Flare',
    goodFor: 'fast drafts: up to 50% lower latency than gpt-image-2',
    sizing: 'flexible',
    qualities: CONCRETE_QUALITIES,
    complexities: [],
    transparentBackground: true,
    inputFidelity: false,
    maxEditImages: MAX_EDIT_IMAGES,
    outputFormats: OUTPUT_FORMATS,
    prices: PRICES_2,
    outputTokenScale: TOKENS_25,
    // Half of gpt-image-2's (OpenAI's "up to 50% lower latency", via a 3rd-party launch note).
    latencySeconds: { low: [5, 10], medium: [15, 30], high: [30, 100], xhigh: [60, 180], max: [90, 260] },
  },
  {
    id: 'gpt-image-2.5-sunburst',
    label: 'GPT Image 2.5 Sunburst',
    goodFor: 'steadier, precise edits',
    sizing: 'flexible',
    qualities: CONCRETE_QUALITIES,
    complexities: [],
    transparentBackground: true,
    inputFidelity: false,
    maxEditImages: MAX_EDIT_IMAGES,
    outputFormats: OUTPUT_FORMATS,
    prices: PRICES_2,
    outputTokenScale: TOKENS_25,
    latencySeconds: { low: [10, 20], medium: [30, 60], high: [60, 200], xhigh: [120, 300], max: [180, 420] },
  },
  {
    id: 'gpt-image-2.6-flare',
    label: 'GPT Image 2.6 Flare',
    goodFor: 'the fastest drafts and variations; complexity control',
    sizing: 'flexible',
    qualities: CONCRETE_QUALITIES,
    complexities: COMPLEXITIES,
    transparentBackground: true,
    inputFidelity: false,
    maxEditImages: MAX_EDIT_IMAGES,
    outputFormats: OUTPUT_FORMATS,
    prices: PRICES_26,
    outputTokenScale: TOKENS_26,
    // "As little as six seconds" for low drafts, "8-12 s for a 1024 image" (3rd-party, §7.2).
    latencySeconds: { low: [6, 12], medium: [10, 25], high: [25, 80], xhigh: [50, 150], max: [80, 240] },
  },
  {
    id: 'gpt-image-2.6-sunburst',
    label: 'GPT Image 2.6 Sunburst',
    goodFor: 'the most detail, layout and edit accuracy; complexity control',
    sizing: 'flexible',
    qualities: CONCRETE_QUALITIES,
    complexities: COMPLEXITIES,
    transparentBackground: true,
    inputFidelity: false,
    maxEditImages: MAX_EDIT_IMAGES,
    outputFormats: OUTPUT_FORMATS,
    prices: PRICES_26,
    outputTokenScale: TOKENS_26,
    // "Sunburst is slower" (3rd-party, §7.2): gpt-image-2's figures, a little longer at the top.
    latencySeconds: { low: [15, 30], medium: [30, 70], high: [60, 200], xhigh: [120, 300], max: [180, 420] },
  },
];

/** Models OpenAI has shut down (research doc §1.3): refused before any upstream call. */
export interface RetiredModel {
  id: string;
  retiredOn: string;
  replacement: string;
}

export const RETIRED_MODELS: readonly RetiredModel[] = [
  // Deprecations page: Dec 1, 2026; replacement gpt-image-2.6-sunburst or gpt-image-2.6-flare.
  { id: 'gpt-image-1.5', retiredOn: '2026-12-01', replacement: 'gpt-image-2.6-sunburst or gpt-image-2.6-flare' },
  { id: 'gpt-image-1-mini', retiredOn: '2026-12-01', replacement: 'gpt-image-2.6-flare or gpt-image-2.6-sunburst' },
  { id: 'chatgpt-image-latest', retiredOn: '2026-12-01', replacement: 'gpt-image-2.6-sunburst or gpt-image-2.6-flare' },
  // "shut down on October 23, 2026"; recommended replacement GPT-Image-2.5 Sunburst.
  { id: 'gpt-image-1', retiredOn: '2026-10-23', replacement: 'gpt-image-2.5-sunburst' },
  { id: 'dall-e-3', retiredOn: '2026-05-12', replacement: 'gpt-image-2' },
  { id: 'dall-e-2', retiredOn: '2026-05-12', replacement: 'gpt-image-2' },
];

export const DEFAULT_MODEL = 'gpt-image-2';

/** Known models by id; the built-in ones unless a team's models file extended them (see server/models-file.ts). */
export type Catalogue = readonly ModelInfo[];

/** `gpt-image-2-2026-04-21` is a dated snapshot of `gpt-image-2`, with its capabilities. */
const snapshotOf = (id: string, base: string) => id === base || (id.startsWith(`${base}-`) && /^\d{4}-\d{2}-\d{2}$/.test(id.slice(base.length + 1)));

export function findModel(id: string, catalogue: Catalogue = BUILT_IN_MODELS): ModelInfo | undefined {
  return catalogue.find((m) => m.id === id) ?? catalogue.find((m) => snapshotOf(id, m.id));
}

/** A model named by id (resolved in the built-in catalogue) or given with its capabilities (from /v1/config). */
export type ModelRef = string | ModelInfo;
export const resolveModel = (model: ModelRef, catalogue?: Catalogue): ModelInfo | undefined => (typeof model === 'string' ? findModel(model, catalogue) : model);

/** The built-in catalogue with a team's entries added, an entry with a known id replacing it. */
export function mergeCatalogue(base: Catalogue, extra: Catalogue): ModelInfo[] {
  const byId = new Map(base.map((m) => [m.id, m]));
  for (const m of extra) byId.set(m.id, m);
  return [...byId.values()];
}

/** When a model stops (or stopped) being served and what replaces it, from the retired list or its own entry. */
export function retirementOf(id: string, catalogue: Catalogue = BUILT_IN_MODELS): RetiredModel | null {
  const model = findModel(id, catalogue);
  if (model?.retiresOn) return { id: model.id, retiredOn: model.retiresOn, replacement: model.replacement ?? DEFAULT_MODEL };
  if (model) return null;
  return RETIRED_MODELS.find((r) => snapshotOf(id, r.id)) ?? null;
}

const DAY_MS = 86_400_000;
const daysUntil = (date: string, today: string) => Math.round((Date.parse(date) - Date.parse(today)) / DAY_MS);

/** Why `id` can no longer be used on `today` (ISO date), naming the date and the replacement; null while it serves. */
export function retiredMessage(id: string, today: string, catalogue?: Catalogue): string | null {
  const r = retirementOf(id, catalogue);
  if (!r || daysUntil(r.retiredOn, today) > 0) return null;
  return `${id} was shut down by OpenAI on ${r.retiredOn}; use ${r.replacement} instead.`;
}

/**
 * A start-up warning for a configured model OpenAI shuts down within `withinDays` of `today`, naming the date and
 * the replacement; null for a model with no retirement in sight (or already retired: see retiredMessage).
 */
export function retirementNotice(modelId: string, today: string, withinDays = 60, catalogue?: Catalogue): string | null {
  const r = retirementOf(modelId, catalogue);
  if (!r) return null;
  const days = daysUntil(r.retiredOn, today);
  if (days > withinDays || days <= 0) return null;
  return `${modelId} shuts down on ${r.retiredOn} (in ${days} ${days === 1 ? 'day' : 'days'}): move to ${r.replacement} (FIGMENT_MODEL / FIGMENT_ALLOWED_MODELS).`;
}

export const modelId = (model: ModelRef): string => (typeof model === 'string' ? model : model.id);
