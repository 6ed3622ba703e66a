/**
 * What an image costs, in one place: OpenAI's published token prices and per-image figures
 * (../shared/research/openai-images.md §7.1). Estimates before sending; actual cost from `usage` after.
 */
import type { ImageUsage } from '../contract/api';
import { parseSize, type ConcreteQuality, type Quality } from './sizing';

/** Dollars per 1M tokens. */
export interface TokenPrices {
  textIn: number;
  imageIn: number;
  imageOut: number;
}

/**
 * gpt-image-2 and gpt-image-1-mini as published. gpt-image-1.5's per-token prices are not confirmed (research doc
 * §7.1: UNCERTAIN); its estimates use the per-image table below, and these figures only price reported usage.
 */
export const TOKEN_PRICES: Record<string, TokenPrices> = {
  'gpt-image-2': { textIn: 5, imageIn: 8, imageOut: 30 },
  'gpt-image-1.5': { textIn: 5, imageIn: 8, imageOut: 32 },
  'gpt-image-1-mini': { textIn: 2, imageIn: 2.5, imageOut: 8 },
};

/** Published per-image output prices for the fixed-size models, dollars: [square, portrait or landscape]. */
const FIXED_PRICES: Record<string, Record<ConcreteQuality, [number, number]>> = {
  'gpt-image-1.5': { low: [0.009, 0.013], medium: [0.034, 0.05], high: [0.133, 0.2] },
  'gpt-image-1-mini': { low: [0.005, 0.006], medium: [0.011, 0.015], high: [0.036, 0.052] },
};

/** Each streamed partial image costs this many extra output tokens. */
export const PARTIAL_IMAGE_TOKENS = 100;

const QUALITY_FACTOR: Record<ConcreteQuality, number> = { low: 16, medium: 48, high: 96 };

/** `auto` lets the model choose; estimates assume the dearest outcome, high, so budgets are never overrun. */
const concrete = (quality: Quality): ConcreteQuality => (quality === 'auto' ? 'high' : quality);

const pricesOf = (modelId: string): TokenPrices => TOKEN_PRICES[modelId.replace(/-\d{4}-\d{2}-\d{2}$/, '')] ?? TOKEN_PRICES['gpt-image-2']!;

/**
 * Output tokens for one image. gpt-image-2: the community-derived formula that reproduces every published
 * figure; fixed-size models: the published per-image price converted back to tokens.
 */
export function estimateOutputTokens(modelId: string, size: string, quality: Quality): number {
  const q = concrete(quality);
  const { width: w, height: h } = parseSize(size) ?? { width: 1024, height: 1024 };
  const fixed = FIXED_PRICES[modelId];
  if (fixed) {
    const usd = fixed[q][w === h ? 0 : 1];
    return Math.round((usd / pricesOf(modelId).imageOut) * 1_000_000);
  }
  const f = QUALITY_FACTOR[q];
  const L = Math.max(w, h);
  const S = Math.min(w, h);
  const s = Math.floor((2 * f * S + L) / (2 * L));
  return Math.floor((f * s * (2_000_000 + w * h) + 4_000_000 - 1) / 4_000_000);
}

export interface CostRequest {
  model: string;
  size: string;
  quality: Quality;
  n?: number;
  partialImages?: number;
}

export interface CostEstimate {
  outputTokens: number;
  usd: number;
}

export function estimateCost({ model, size, quality, n = 1, partialImages = 0 }: CostRequest): CostEstimate {
  const outputTokens = n * (estimateOutputTokens(model, size, quality) + partialImages * PARTIAL_IMAGE_TOKENS);
  return { outputTokens, usd: (outputTokens * pricesOf(model).imageOut) / 1_000_000 };
}

/** Dollars for what OpenAI reports it used. */
export function costFromUsage(modelId: string, usage: ImageUsage): number {
  const p = pricesOf(modelId);
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
 * Rough generation time in seconds for one gpt-image-2 image, by quality (research notes: low 10-20 s, medium
 * 30-60 s, high 60-200 s; larger than 2560x1440 adds more). Shown as a range, never as a promise.
 */
export function estimateSeconds(quality: Quality, size: string): [number, number] {
  const base: Record<ConcreteQuality, [number, number]> = { low: [10, 20], medium: [30, 60], high: [60, 200] };
  const [min, max] = base[concrete(quality)];
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
