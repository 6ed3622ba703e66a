/**
 * Request sizes for GPT Image models, from a frame's size on the canvas. Pure: the UI sizes requests with it and
 * the backend validates them with it.
 */
import type { ConcreteQuality, Quality } from '../contract/api';
import { FLEXIBLE_LIMITS, resolveModel, type ModelRef } from './models';

export type { ConcreteQuality, Quality };

export interface PixelSize {
  width: number;
  height: number;
}

export function parseSize(size: string): PixelSize | null {
  const match = /^(\d{1,5})x(\d{1,5})$/.exec(size);
  if (!match) return null;
  return { width: Number(match[1]), height: Number(match[2]) };
}

export function formatSize({ width, height }: PixelSize): string {
  return `${width}x${height}`;
}

/** The classic sizes, for a model whose entry lists no sizes of its own. */
export const FIXED_SIZES = ['1024x1024', '1536x1024', '1024x1536'] as const;
const fixedSizes = (sizes: readonly string[] | undefined): readonly string[] => (sizes && sizes.length > 0 ? sizes : FIXED_SIZES);

/** Why `size` is not valid for the model, or null when it is (`auto` always is). */
export function sizeProblem(modelRef: ModelRef, size: string): string | null {
  if (size === 'auto') return null;
  const model = resolveModel(modelRef);
  if (!model) return `unknown model ${String(modelRef)}`;
  const parsed = parseSize(size);
  if (!parsed) return 'size must be WIDTHxHEIGHT in pixels, or auto';
  if (model.sizing === 'fixed') {
    const sizes = fixedSizes(model.sizes);
    return sizes.includes(size) ? null : `${model.id} accepts only ${sizes.join(', ')} or auto`;
  }
  const { width, height } = parsed;
  const L = FLEXIBLE_LIMITS;
  if (width % L.multiple !== 0 || height % L.multiple !== 0) return `width and height must be multiples of ${L.multiple}`;
  if (Math.max(width, height) > L.maxEdge) return `the longest edge must be at most ${L.maxEdge} px`;
  if (Math.max(width, height) / Math.min(width, height) > L.maxAspect) return `the aspect ratio must be between 1:${L.maxAspect} and ${L.maxAspect}:1`;
  const pixels = width * height;
  if (pixels < L.minPixels) return `the image must have at least ${L.minPixels.toLocaleString('en-US')} pixels`;
  if (pixels > L.maxPixels) return `the image must have at most ${L.maxPixels.toLocaleString('en-US')} pixels`;
  return null;
}

/**
 * Most pixels asked for at each quality. High and medium stop at 2560x1440's pixel count, above which OpenAI
 * calls outputs experimental; low is for drafts and small frames.
 */
export const PIXEL_CAP: Record<Quality, number> = {
  low: 1_572_864,
  medium: FLEXIBLE_LIMITS.experimentalAbovePixels,
  high: FLEXIBLE_LIMITS.experimentalAbovePixels,
  xhigh: FLEXIBLE_LIMITS.experimentalAbovePixels,
  max: FLEXIBLE_LIMITS.experimentalAbovePixels,
  auto: FLEXIBLE_LIMITS.experimentalAbovePixels,
};

/** Frames at most this many canvas pixels default to low quality, up to the next to medium, above to high. */
export const QUALITY_THRESHOLDS = { low: 160 * 160, medium: 800 * 800 } as const;

/**
 * The quality a frame gets unless someone picks one. A frame with copy to render never gets `low`: small text
 * needs medium or more (OpenAI's prompting guide on text rendering), so the cost policy spends that much.
 */
export function defaultQualityFor(frameWidth: number, frameHeight: number, hasCopy = false): ConcreteQuality {
  const pixels = Math.max(1, frameWidth) * Math.max(1, frameHeight);
  if (pixels <= QUALITY_THRESHOLDS.low) return hasCopy ? 'medium' : 'low';
  if (pixels <= QUALITY_THRESHOLDS.medium) return 'medium';
  return 'high';
}

function closestFixed(aspect: number, sizes: readonly string[]): string {
  let best: string = sizes[0]!;
  let bestDistance = Infinity;
  for (const size of sizes) {
    const { width, height } = parseSize(size)!;
    const distance = Math.abs(Math.log(width / height) - Math.log(aspect));
    if (distance < bestDistance) {
      best = size;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * The size to request for a frame: its aspect exactly (as close as multiples of 16 allow, clamped to 1:3..3:1),
 * at twice its canvas density (like a 2x export) within the model's pixel limits and the quality's cap.
 * Models with fixed sizes get the closest of their sizes by aspect.
 */
export function requestSizeFor(modelRef: ModelRef, frameWidth: number, frameHeight: number, quality: Quality): string {
  const w = Math.max(1, frameWidth);
  const h = Math.max(1, frameHeight);
  const L = FLEXIBLE_LIMITS;
  const aspect = Math.min(L.maxAspect, Math.max(1 / L.maxAspect, w / h));
  const model = resolveModel(modelRef);
  if (!model || model.sizing === 'fixed') return closestFixed(aspect, fixedSizes(model?.sizes));

  const wanted = w * h * 4;
  const target = Math.min(Math.max(wanted, L.minPixels), PIXEL_CAP[quality], L.maxPixels);
  // Start from the ideal real-valued size, then search nearby multiples of 16 for the closest valid one.
  const idealH = Math.sqrt(target / aspect);
  const m = L.multiple;
  let best: PixelSize | null = null;
  let bestScore = Infinity;
  const baseH = Math.round(idealH / m);
  for (let dh = -3; dh <= 3; dh++) {
    const height = (baseH + dh) * m;
    if (height < m) continue;
    for (const width of [Math.floor((height * aspect) / m) * m, Math.ceil((height * aspect) / m) * m]) {
      if (width < m) continue;
      const candidate = formatSize({ width, height });
      if (sizeProblem(model, candidate)) continue;
      const score = Math.abs(Math.log(width / height / aspect)) * 4 + Math.abs(Math.log((width * height) / target));
      if (score < bestScore) {
        best = { width, height };
        bestScore = score;
      }
    }
  }
  return best ? formatSize(best) : closestFixed(aspect, FIXED_SIZES);
}
