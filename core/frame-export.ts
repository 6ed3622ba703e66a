/**
 * Frame to image (issue 15): the scale a frame is exported at so that the frame itself comes out at the edit
 * request's width, kept within what an input image may be (the model's limits: no side past its longest edge, no
 * more pixels than its largest size). What Figma renders can be larger than the frame (shadows, blurs: its render
 * bounds), so the limit applies to that. Pure.
 */
import { FLEXIBLE_LIMITS } from './models';
import type { PixelSize } from './sizing';

export interface ExportLimits {
  maxEdge: number;
  maxPixels: number;
}

export const EXPORT_LIMITS: ExportLimits = { maxEdge: FLEXIBLE_LIMITS.maxEdge, maxPixels: FLEXIBLE_LIMITS.maxPixels };

export interface ExportScale {
  /** Export pixels per canvas unit. */
  scale: number;
  /** The frame's own size in the export. */
  width: number;
  height: number;
  /** Set when the export had to be smaller than asked, saying so. */
  note?: string;
}

/** `frame`: the frame's size on the canvas; `rendered`: what Figma exports of it; `width`: the export width wanted. */
export function exportScale(frame: PixelSize, rendered: PixelSize, width: number, limits: ExportLimits = EXPORT_LIMITS): ExportScale {
  const wanted = width / Math.max(frame.width, 1e-6);
  const byEdge = limits.maxEdge / Math.max(rendered.width, rendered.height, 1e-6);
  const byPixels = Math.sqrt(limits.maxPixels / Math.max(rendered.width * rendered.height, 1e-6));
  let scale = Math.min(wanted, byEdge, byPixels);
  // Rounding the export's pixels up must not cross the limit either.
  const over = (s: number) => Math.round(rendered.width * s) * Math.round(rendered.height * s) > limits.maxPixels || Math.round(Math.max(rendered.width, rendered.height) * s) > limits.maxEdge;
  while (over(scale)) scale *= 0.999;
  const size = (s: number) => ({ width: Math.max(1, Math.round(frame.width * s)), height: Math.max(1, Math.round(frame.height * s)) });
  const out = size(scale);
  if (scale >= wanted) return { scale, ...out };
  const asked = size(wanted);
  return {
    scale,
    ...out,
    note: `The frame was exported at ${out.width}×${out.height} instead of ${asked.width}×${asked.height}: an input image may be at most ${limits.maxEdge} px a side and ${(limits.maxPixels / 1e6).toFixed(1)} million pixels.`,
  };
}
