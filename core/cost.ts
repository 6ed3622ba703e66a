/**
 * What an image costs, in one place, priced with each model's own rates from the catalogue (core/models.ts,
 * research doc §7.1). Estimates before sending; actual cost from `usage` after.
 */
import type { ImageUsage, TokenPrices } from '../contract/api';
import { BUILT_IN_MODELS, resolveModel, type ModelInfo, type ModelRef } from './models';
import { parseSize, type ConcreteQuality, type Quality } from './sizing';

export type { TokenPrices };

/** Each streamed partial image costs this many extra output tokens. */
export const PARTIAL_IMAGE_TOKENS = 100;

/** The community-derived gpt-image-2 formula's factor per quality; xhigh and max start from high's count. */
const QUALITY_FACTOR: Record<ConcreteQuality, number> = { low: 16, medium: 48, high: 96, xhigh: 96, max: 96 };
/** Output tokens relative to gpt-image-2's when a model's entry says nothing (xhigh and max: an assumption). */
const DEFAULT_SCALE: Record<ConcreteQuality, number> = { low: 1, medium: 1, high: 1, xhigh: 2, max: 4 };

/** `auto` lets the model choose; estimates assume the dearest quality the model offers, so budgets are never overrun. */
const concrete = (quality: Quality, model: ModelInfo): ConcreteQuality => (quality === 'auto' ? (model.qualities[model.qualities.length - 1] ?? 'high') : quality);

/** An unknown model is priced as gpt-image-2 (the default), never as free. */
const modelOf = (ref: ModelRef): ModelInfo => resolveModel(ref) ?? BUILT_IN_MODELS[0]!;

/**
 * Output tokens for one image: the community-derived gpt-image-2 formula that reproduces every published figure,
 * scaled by the model's `outputTokenScale` for that quality.
 */
export function estimateOutputTokens(modelRef: ModelRef, size: string, quality: Quality): number {
  const model = modelOf(modelRef);
  const q = concrete(quality, model);
  const { width: w, height: h } = parseSize(size) ?? { width: 1024, height: 1024 };
  const f = QUALITY_FACTOR[q];
  const L = Math.max(w, h);
  const S = Math.min(w, h);
  const s = Math.floor((2 * f * S + L) / (2 * L));
  const base = Math.floor((f * s * (2_000_000 + w * h) + 4_000_000 - 1) / 4_000_000);
  return Math.round(base * (model.outputTokenScale?.[q] ?? DEFAULT_SCALE[q]));
}

/**
 * Input tokens for one input image of an edit: one per 32x32 patch. OpenAI publishes no count for GPT Image inputs
 * (the guide says only that gpt-image-2 takes every input at high fidelity, so edits with input images "can use more
 * input tokens", research §7.1); the patch count is an assumption, and the actual cost always comes from `usage`.
 */
export function estimateInputImageTokens(size: string): number {
  const { width, height } = parseSize(size) ?? { width: 1024, height: 1024 };
  return Math.ceil(width / 32) * Math.ceil(height / 32);
}

export interface CostRequest {
  model: ModelRef;
  size: string;
  quality: Quality;
  n?: number;
  partialImages?: number;
  /** The sizes of the edit's input images (a wireframe's export, an anchor image): each adds input image tokens. */
  inputImages?: readonly string[];
}

export interface CostEstimate {
  outputTokens: number;
  /** Input image tokens, when the request sends input images. */
  inputImageTokens?: number;
  usd: number;
}

export function estimateCost({ model, size, quality, n = 1, partialImages = 0, inputImages = [] }: CostRequest): CostEstimate {
  const outputTokens = n * (estimateOutputTokens(model, size, quality) + partialImages * PARTIAL_IMAGE_TOKENS);
  const inputImageTokens = inputImages.reduce((sum, s) => sum + estimateInputImageTokens(s), 0);
  const prices = modelOf(model).prices;
  return { outputTokens, ...(inputImageTokens ? { inputImageTokens } : {}), usd: (outputTokens * prices.imageOut + inputImageTokens * prices.imageIn) / 1_000_000 };
}

/** A demo backend draws placeholders at no cost: its estimates and costs name no dollar figure (issue 19). */
export const DEMO_PRICE = 'free (demo images)';
/** The same, starting a line or a field. */
export const DEMO_PRICE_LABEL = 'Free (demo images)';

/** Dollars for what OpenAI reports it used, at that model's rates. */
export function costFromUsage(modelRef: ModelRef, usage: ImageUsage): number {
  const p = modelOf(modelRef).prices;
  const imageIn = usage.input_tokens_details?.image_tokens ?? 0;
  const textIn = usage.input_tokens_details?.text_tokens ?? Math.max(0, usage.input_tokens - imageIn);
  return (textIn * p.textIn + imageIn * p.imageIn + usage.output_tokens * p.imageOut) / 1_000_000;
}

export function formatUsd(usd: number): string {
  if (usd === 0) return '$0.00';
  if (usd < 0.01) return `$${usd.toFixed(3)}`;
  return `$${usd.toFixed(2)}`;
}

/**
 * Rough generation time in seconds for one image: the model's typical latency at that quality (catalogue; mostly
 * 3rd-party figures), more above 2560x1440. Shown as a range, never as a promise.
 */
export function estimateSeconds(modelRef: ModelRef, quality: Quality, size: string): [number, number] {
  const model = modelOf(modelRef);
  const q = concrete(quality, model);
  const [min, max] = model.latencySeconds[q] ?? model.latencySeconds.high ?? [60, 200];
  const { width, height } = parseSize(size) ?? { width: 1024, height: 1024 };
  const scale = width * height > 3_686_400 ? 1.5 : 1;
  return [Math.round(min * scale), Math.round(max * scale)];
}

/** The usage of several images added up. */
export function sumUsage(usages: ReadonlyArray<ImageUsage | undefined>): ImageUsage {
  const total = { input_tokens: 0, output_tokens: 0, total_tokens: 0, input_tokens_details: { text_tokens: 0, image_tokens: 0 } };
  for (const u of usages) {
    if (!u) continue;
    total.input_tokens += u.input_tokens;
    total.output_tokens += u.output_tokens;
    total.total_tokens += u.total_tokens;
    total.input_tokens_details.text_tokens += u.input_tokens_details?.text_tokens ?? 0;
    total.input_tokens_details.image_tokens += u.input_tokens_details?.image_tokens ?? 0;
  }
  return total;
}
