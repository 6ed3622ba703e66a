/**
 * Adapting one image (the master) to another size (issue 15): where the master lands on the target's request
 * canvas, which part of it is used, and exactly which pixels the model must fill (the mask's margins); and where a
 * new frame goes beside its source. Pure integer geometry in pixels; the UI paints the canvas and mask from it.
 */
import { FLEXIBLE_LIMITS } from './models';
import type { PixelSize } from './sizing';

export interface Point {
  x: number;
  y: number;
}

/** An axis-aligned rectangle: `x`, `y` its top-left corner. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * How the master meets a target of another aspect. `interest` is the subject's place in the master, each axis
 * 0..1 (0.5, 0.5 the centre).
 * - `fit`: the whole master, as large as fits, centred; the model extends the scene into the margins.
 * - `anchor`: the whole master, as large as fits, moved so its subject sits at the same relative place on the
 *   target as in the master (as far as the canvas allows); the model extends the rest.
 * - `cover`: the master fills the target, cropped around its subject; nothing for the model to extend.
 * `maxCrop` (fit and anchor, 0..1, default 0): where the target is narrower (or flatter) than the master, up to
 * this fraction of the master's width (or height) may be cropped around the subject first, so that a 16:9 hero
 * in a 9:16 story keeps its subject large instead of becoming a thin band; the model recomposes the rest.
 */
export type Placement =
  | { kind: 'fit'; maxCrop?: number; interest?: Point }
  | { kind: 'anchor'; interest: Point; maxCrop?: number }
  | { kind: 'cover'; interest?: Point };

export interface AdaptInput {
  /** The master image's pixel size. */
  master: PixelSize;
  /** The target's request size (what the edit asks for: see core/sizing.ts `requestSizeFor`). */
  target: PixelSize;
  /** The target frame's size on the canvas, when its aspect is past what the request could have (see `ratioLimit`). */
  frame?: PixelSize;
  placement: Placement;
}

export interface AdaptGeometry {
  /** The part of the master used, in master pixels (the whole master unless cropped). */
  crop: Rect;
  /** Where the (cropped) master is drawn on the target canvas, in target pixels. */
  placed: Rect;
  /** Target pixels per master pixel (for `cover`, the larger of the two axes': the crop is drawn over `placed`). */
  scale: number;
  /** The part of the canvas the frame shows (all of it unless the frame's aspect is past the request's). */
  visible: Rect;
  /**
   * The pixels of the target canvas not covered by `placed`, as disjoint rectangles (bands above and below at
   * full width, then left and right at the master's height): exactly what the mask leaves for the model.
   */
  margins: Rect[];
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const unit = (v: number | undefined) => clamp(Number.isFinite(v) ? v! : 0.5, 0, 1);

/** Why the sizes cannot be adapted, or null. */
export function adaptProblem({ master, target, frame }: Pick<AdaptInput, 'master' | 'target' | 'frame'>): string | null {
  const ok = (s: PixelSize | undefined) => s === undefined || (Number.isInteger(s.width) && Number.isInteger(s.height) && s.width > 0 && s.height > 0);
  if (!ok(master)) return 'The master has no image: select a frame filled with one.';
  if (!ok(target)) return 'The target size must be whole pixels, at least 1 x 1.';
  if (frame && !(frame.width > 0 && frame.height > 0)) return 'The target frame has no area.';
  return null;
}

/** Placement, crop and margins for one target; throws on sizes `adaptProblem` refuses. */
export function adaptGeometry({ master, target, frame, placement }: AdaptInput): AdaptGeometry {
  const problem = adaptProblem({ master, target, frame });
  if (problem) throw new Error(problem);
  const visible = frame ? visibleRect(target, frame) : { x: 0, y: 0, width: target.width, height: target.height };
  const interest = { x: unit(placement.interest?.x), y: unit(placement.interest?.y) };
  const maxCrop = placement.kind === 'cover' ? 1 : clamp(placement.maxCrop ?? 0, 0, 1);
  const crop = cropRect(master, visible.width / visible.height, maxCrop, interest);

  if (placement.kind === 'cover') {
    // The crop has the visible part's aspect to within one master pixel: it is drawn over all of it.
    return { crop, placed: visible, scale: Math.max(visible.width / crop.width, visible.height / crop.height), visible, margins: marginsAround(target, visible) };
  }
  const scale = Math.min(visible.width / crop.width, visible.height / crop.height);
  const width = clamp(Math.round(crop.width * scale), 1, visible.width);
  const height = clamp(Math.round(crop.height * scale), 1, visible.height);
  // The subject's place inside the placed rect; `anchor` puts it at the same relative place on the target.
  const subject = { x: ((interest.x * master.width - crop.x) / crop.width) * width, y: ((interest.y * master.height - crop.y) / crop.height) * height };
  const at =
    placement.kind === 'anchor'
      ? { x: Math.round(visible.x + interest.x * visible.width - subject.x), y: Math.round(visible.y + interest.y * visible.height - subject.y) }
      : { x: visible.x + Math.floor((visible.width - width) / 2), y: visible.y + Math.floor((visible.height - height) / 2) };
  const placed = {
    x: clamp(at.x, visible.x, visible.x + visible.width - width),
    y: clamp(at.y, visible.y, visible.y + visible.height - height),
    width,
    height,
  };
  return { crop, placed, scale, visible, margins: marginsAround(target, placed) };
}

/**
 * The master's part of aspect `aspect` (width / height), centred on `interest` and kept inside the master, but
 * never cutting more than `maxCrop` of either side's length; whole pixels.
 */
export function cropRect(master: PixelSize, aspect: number, maxCrop: number, interest: Point): Rect {
  const { width: mw, height: mh } = master;
  let width = mw;
  let height = mh;
  if (aspect < mw / mh) width = clamp(Math.round(Math.max(mh * aspect, mw * (1 - maxCrop))), 1, mw);
  else if (aspect > mw / mh) height = clamp(Math.round(Math.max(mw / aspect, mh * (1 - maxCrop))), 1, mh);
  return {
    x: clamp(Math.round(interest.x * mw - width / 2), 0, mw - width),
    y: clamp(Math.round(interest.y * mh - height / 2), 0, mh - height),
    width,
    height,
  };
}

/** The canvas minus `inner` (inside it), as disjoint rectangles: top and bottom bands, then left and right. */
export function marginsAround(canvas: PixelSize, inner: Rect): Rect[] {
  const bottom = inner.y + inner.height;
  const right = inner.x + inner.width;
  const bands: Rect[] = [
    { x: 0, y: 0, width: canvas.width, height: inner.y },
    { x: 0, y: bottom, width: canvas.width, height: canvas.height - bottom },
    { x: 0, y: inner.y, width: inner.x, height: inner.height },
    { x: right, y: inner.y, width: canvas.width - right, height: inner.height },
  ];
  return bands.filter((r) => r.width > 0 && r.height > 0);
}

/**
 * The part of a `request`-sized image a frame of `frame`'s aspect shows when the image fills it (Figma's FILL:
 * scaled to cover, centred, the rest cropped). The same aspect shows everything.
 */
export function visibleRect(request: PixelSize, frame: PixelSize): Rect {
  const frameAspect = frame.width / frame.height;
  const requestAspect = request.width / request.height;
  if (frameAspect > requestAspect) {
    const height = clamp(Math.round(request.width / frameAspect), 1, request.height);
    return { x: 0, y: Math.floor((request.height - height) / 2), width: request.width, height };
  }
  const width = clamp(Math.round(request.height * frameAspect), 1, request.width);
  return { x: Math.floor((request.width - width) / 2), y: 0, width, height: request.height };
}

/**
 * A frame past GPT Image's 1:3..3:1 (core/sizing.ts clamps requests there): the picture is made at the limit and
 * Figma's Fill crops it to the frame, so the master is placed inside the part that shows (`frame` in
 * `adaptGeometry`) and the model fills the hidden strips too. Null for a frame within the limit.
 */
export function ratioLimit(frame: PixelSize): string | null {
  const limit = FLEXIBLE_LIMITS.maxAspect;
  const long = Math.max(frame.width, frame.height) / Math.min(frame.width, frame.height);
  if (!(long > limit)) return null;
  const shape = frame.width >= frame.height ? `${limit}:1` : `1:${limit}`;
  const cut = frame.width >= frame.height ? 'top and bottom' : 'sides';
  return `This frame is ${long.toFixed(2).replace(/\.?0+$/, '')} times as ${frame.width >= frame.height ? 'wide as tall' : 'tall as wide'}; GPT Image makes at most ${shape}, so the picture is made at ${shape} and the frame shows it with its ${cut} cropped. The master is placed inside the part that shows.`;
}

/** Space between a source frame and a new frame beside it (canvas units). */
export const BESIDE_GAP = 40;

/**
 * Where a new frame of `size` goes: right of `source`, top edges aligned, `gap` clear of the source and of every
 * sibling; the leftmost such place (a sibling in the way pushes it past that sibling's right edge).
 */
export function besideRect(source: Rect, size: PixelSize, siblings: readonly Rect[], gap = BESIDE_GAP): Rect {
  const rect = { x: source.x + source.width + gap, y: source.y, width: size.width, height: size.height };
  // Each step moves right past a sibling it would touch; x only grows, and a sibling once passed stays passed.
  for (;;) {
    const blocking = siblings.filter((s) => closerThan(rect, s, gap));
    if (blocking.length === 0) return rect;
    rect.x = Math.max(...blocking.map((s) => s.x + s.width + gap));
  }
}

/** Whether `a` and `b` overlap or lie less than `gap` apart along both axes (touching at `gap` is fine). */
export function closerThan(a: Rect, b: Rect, gap: number): boolean {
  return a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;
}
