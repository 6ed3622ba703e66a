/**
 * Region edits: where a shape drawn over an image-filled frame falls in the image's own pixels, whatever the
 * fill's scale mode and crop and however the shape is rotated. Pure geometry on Figma's 2x3 transforms: the main
 * thread hands over the facts (the shape's fill geometry and both nodes' absolute transforms), this composes the
 * one affine matrix from the shape's own coordinates to image pixels, and the UI paints the mask PNG with it.
 */

export type ScaleMode = 'FILL' | 'FIT' | 'CROP' | 'TILE';
/** Figma's 2x3 affine transform `[[a, b, tx], [c, d, ty]]`: x' = a x + b y + tx, y' = c x + d y + ty. */
export type Transform = [[number, number, number], [number, number, number]];
export interface Point {
  x: number;
  y: number;
}

export interface ImageFillFacts {
  /** The filled node's size (its own coordinate space). */
  nodeWidth: number;
  nodeHeight: number;
  /** The image's pixel size. */
  imageWidth: number;
  imageHeight: number;
  scaleMode: ScaleMode;
  /** For CROP: maps the node's unit square to the image's unit square. */
  imageTransform?: Transform;
  /**
   * ImagePaint.rotation for FILL and FIT: the image turned within the layer, in steps of 90 degrees ("Must be in
   * increments of +90", typings), counter-clockwise on screen as Figma's rotations are. CROP carries its rotation in
   * imageTransform.
   */
  rotation?: number;
}

/** One of Figma's fill paths (`fillGeometry`): SVG path data (M, L, Q, C, Z) in the shape's own coordinates. */
export interface MaskPath {
  data: string;
  windingRule: 'NONZERO' | 'EVENODD';
}

/** What the main thread reads off the canvas for a region: the shape, both nodes' placement, the frame's image fill. */
export interface MaskFacts {
  paths: MaskPath[];
  /** The shape's own size: its fill geometry lies inside (0, 0)-(width, height). */
  width: number;
  height: number;
  shapeTransform: Transform;
  frameTransform: Transform;
  fill: ImageFillFacts;
}

/** The region to paint: the paths, the matrix from the shape's coordinates to image pixels, the image's size. */
export interface MaskRegion {
  paths: MaskPath[];
  transform: Transform;
  width: number;
  height: number;
}

export const TILED_REASON = 'Region edits do not work on tiled images; set the fill to Fill, Fit or Crop first.';
export const OFF_IMAGE_REASON = 'The shape does not overlap the visible image.';

const IDENTITY: Transform = [
  [1, 0, 0],
  [0, 1, 0],
];

/** `outer` after `inner`: applying the result is applying `inner`, then `outer`. */
export function multiply(outer: Transform, inner: Transform): Transform {
  const [[a, b, tx], [c, d, ty]] = outer;
  const [[e, f, ux], [g, h, uy]] = inner;
  return [
    [a * e + b * g, a * f + b * h, a * ux + b * uy + tx],
    [c * e + d * g, c * f + d * h, c * ux + d * uy + ty],
  ];
}

export function invert([[a, b, tx], [c, d, ty]]: Transform): Transform | null {
  const det = a * d - b * c;
  if (Math.abs(det) < 1e-12) return null;
  return [
    [d / det, -b / det, (b * ty - d * tx) / det],
    [-c / det, a / det, (c * tx - a * ty) / det],
  ];
}

export function applyTransform([[a, b, tx], [c, d, ty]]: Transform, p: Point): Point {
  return { x: a * p.x + b * p.y + tx, y: c * p.x + d * p.y + ty };
}

/**
 * From the turned image's pixels back to the image's own, for a quarter turn count: a W x H image turned 90 degrees
 * counter-clockwise shows as H x W, its top-right corner at the top left, so turned (u, v) is own (W - v, u).
 */
function unturn(quarters: number, iw: number, ih: number): Transform {
  switch (quarters) {
    case 1:
      return [[0, -1, iw], [1, 0, 0]];
    case 2:
      return [[-1, 0, iw], [0, -1, ih]];
    case 3:
      return [[0, 1, 0], [-1, 0, ih]];
    default:
      return IDENTITY;
  }
}

/** Maps the filled node's coordinates to the image's pixel coordinates, or null for TILE (no single mapping). */
export function frameToImage(fill: ImageFillFacts): Transform | null {
  const { nodeWidth: W, nodeHeight: H, imageWidth: iw, imageHeight: ih } = fill;
  switch (fill.scaleMode) {
    case 'FILL':
    case 'FIT': {
      // The image is turned first (a quarter turn swaps its sides), then scaled by s and centred.
      const quarters = ((Math.round((fill.rotation ?? 0) / 90) % 4) + 4) % 4;
      const [rw, rh] = quarters % 2 ? [ih, iw] : [iw, ih];
      const s = fill.scaleMode === 'FILL' ? Math.max(W / rw, H / rh) : Math.min(W / rw, H / rh);
      const ox = (W - rw * s) / 2;
      const oy = (H - rh * s) / 2;
      const toTurned: Transform = [
        [1 / s, 0, -ox / s],
        [0, 1 / s, -oy / s],
      ];
      return multiply(unturn(quarters, iw, ih), toTurned);
    }
    case 'CROP': {
      // node / size -> unit square -> imageTransform -> image unit square -> * image size.
      const [[a, b, tx], [c, d, ty]] = fill.imageTransform ?? IDENTITY;
      return [
        [(iw * a) / W, (iw * b) / H, iw * tx],
        [(ih * c) / W, (ih * d) / H, ih * ty],
      ];
    }
    case 'TILE':
      return null;
  }
}

/** Shape coordinates -> page (shape's absolute transform) -> frame (inverse of the frame's) -> image pixels. */
export function shapeToImage(facts: Pick<MaskFacts, 'shapeTransform' | 'frameTransform' | 'fill'>): Transform | null {
  const image = frameToImage(facts.fill);
  const pageToFrame = invert(facts.frameTransform);
  if (!image || !pageToFrame) return null;
  return multiply(image, multiply(pageToFrame, facts.shapeTransform));
}

/** The region in image pixels, or why there is none. The shape may extend past the image; the canvas clips it. */
export function maskRegion(facts: MaskFacts): { ok: true; region: MaskRegion } | { ok: false; reason: string } {
  if (facts.fill.scaleMode === 'TILE') return { ok: false, reason: TILED_REASON };
  const transform = shapeToImage(facts);
  if (!transform) return { ok: false, reason: 'The frame has no area.' };
  const { imageWidth: iw, imageHeight: ih } = facts.fill;
  const corners = [
    [0, 0],
    [facts.width, 0],
    [facts.width, facts.height],
    [0, facts.height],
  ].map(([x, y]) => applyTransform(transform, { x: x!, y: y! }));
  const xs = corners.map((p) => p.x);
  const ys = corners.map((p) => p.y);
  const overlaps = Math.min(...xs) < iw && Math.max(...xs) > 0 && Math.min(...ys) < ih && Math.max(...ys) > 0;
  if (!overlaps || facts.paths.length === 0) return { ok: false, reason: OFF_IMAGE_REASON };
  return { ok: true, region: { paths: facts.paths, transform, width: iw, height: ih } };
}
