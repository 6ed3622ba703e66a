/**
 * Applying an image from Recent to frames of another shape: the fill covers the frame and crops the rest, so the
 * designer is told the two ratios first (issue 19 item 10). Pure.
 */
import type { JobInfo } from '../../contract/api';
import type { KeptImage } from '../../contract/drop-messages';
import type { Target } from '../../contract/messages';
import { parseSize } from '../../core/sizing';

/** Aspect ratios closer than this (relative) count as the same shape: a rounding of the request size, not a crop. */
export const ASPECT_TOLERANCE = 0.02;

export interface AspectMismatch {
  /** Width over height of the image, and of the first frame of another shape. */
  image: number;
  target: number;
  targetName: string;
  /** Further selected frames of another shape. */
  others: number;
}

/** `1536x1024` as width over height; undefined for `auto` or anything else that is not a pixel size. */
export function ratioOfSize(size: string): number | undefined {
  const pixels = parseSize(size);
  return pixels && pixels.height > 0 ? pixels.width / pixels.height : undefined;
}

/** The first selected frame whose shape differs from the image's beyond the tolerance, or null (a new frame fits). */
export function aspectMismatch(imageSize: string, targets: ReadonlyArray<Pick<Target, 'name' | 'width' | 'height'>>, tolerance = ASPECT_TOLERANCE): AspectMismatch | null {
  const image = ratioOfSize(imageSize);
  if (image === undefined) return null;
  const off = targets.filter((t) => t.height > 0 && Math.abs(t.width / t.height / image - 1) > tolerance);
  const first = off[0];
  return first ? { image, target: first.width / first.height, targetName: first.name, others: off.length - 1 } : null;
}

const ratioText = (r: number) => r.toFixed(2).replace(/\.?0+$/, '');

/** The warning's words: both ratios, and what applying does. */
export function mismatchText(m: AspectMismatch): string {
  const more = m.others > 0 ? ` (and ${m.others} more ${m.others === 1 ? 'frame' : 'frames'})` : '';
  return `This image is ${ratioText(m.image)}:1 but “${m.targetName}”${more} is ${ratioText(m.target)}:1; applying crops it to cover the frame.`;
}

/** A job's first image as the backend keeps it (undefined without one), with its prompt when known. */
export function keptOfJob(job: JobInfo, prompt = job.prompt): KeptImage | undefined {
  const image = job.images[0];
  if (!image) return undefined;
  return { figment: 'kept-image', url: image.url, jobId: job.id, size: image.size, model: job.model, quality: job.quality, ...(prompt ? { prompt } : {}) };
}
