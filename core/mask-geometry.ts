/**
 * Region edits: where a shape drawn over an image-filled frame falls in the image's own pixels, whatever the
 * fill's scale mode and crop. Pure geometry; the UI paints the mask PNG from the polygon it returns.
 */

export type ScaleMode = 'FILL' | 'FIT' | 'CROP' | 'TILE';
/** Figma's 2x3 affine transform `[[a, b, tx], [c, d, ty]]`. */
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
}

export type RegionShape =
  | { kind: 'rect'; x: number; y: number; width: number; height: number }
  | { kind: 'ellipse'; x: number; y: number; width: number; height: number };

export type MaskGeometry = { ok: true; polygon: Point[]; width: number; height: number } | { ok: false; reason: string };

const ELLIPSE_SEGMENTS = 64;

/** The shape's outline in the node's coordinates. */
export function outline(shape: RegionShape): Point[] {
  const { x, y, width, height } = shape;
  if (shape.kind === 'rect') {
    return [
      { x, y },
      { x: x + width, y },
      { x: x + width, y: y + height },
      { x, y: y + height },
    ];
  }
  const cx = x + width / 2;
  const cy = y + height / 2;
  return Array.from({ length: ELLIPSE_SEGMENTS }, (_, i) => {
    const t = (i / ELLIPSE_SEGMENTS) * 2 * Math.PI;
    return { x: cx + (width / 2) * Math.cos(t), y: cy + (height / 2) * Math.sin(t) };
  });
}

/** Maps a point in the node's coordinates to the image's pixel coordinates, or null for TILE. */
export function nodeToImage(fill: ImageFillFacts): ((p: Point) => Point) | null {
  const { nodeWidth: W, nodeHeight: H, imageWidth: iw, imageHeight: ih } = fill;
  switch (fill.scaleMode) {
    case 'FILL':
    case 'FIT': {
      const s = fill.scaleMode === 'FILL' ? Math.max(W / iw, H / ih) : Math.min(W / iw, H / ih);
      const ox = (W - iw * s) / 2;
      const oy = (H - ih * s) / 2;
      return (p) => ({ x: (p.x - ox) / s, y: (p.y - oy) / s });
    }
    case 'CROP': {
      const [[a, b, tx], [c, d, ty]] = fill.imageTransform ?? [
        [1, 0, 0],
        [0, 1, 0],
      ];
      return (p) => {
        const u = p.x / W;
        const v = p.y / H;
        return { x: iw * (a * u + b * v + tx), y: ih * (c * u + d * v + ty) };
      };
    }
    case 'TILE':
      return null;
  }
}

/** The region in image pixels, clipped to nothing: a polygon may extend past the image, which the canvas clips. */
export function maskGeometry(fill: ImageFillFacts, shape: RegionShape): MaskGeometry {
  const map = nodeToImage(fill);
  if (!map) return { ok: false, reason: 'Region edits do not work on tiled images; set the fill to Fill, Fit or Crop first.' };
  const polygon = outline(shape).map(map);
  const inside = polygon.some((p) => p.x > 0 && p.y > 0 && p.x < fill.imageWidth && p.y < fill.imageHeight);
  const covers = polygon.some((p) => p.x <= 0) && polygon.some((p) => p.x >= fill.imageWidth);
  if (!inside && !covers) return { ok: false, reason: 'The shape does not overlap the visible image.' };
  return { ok: true, polygon, width: fill.imageWidth, height: fill.imageHeight };
}

/** Even-odd point-in-polygon test: true where the mask must be transparent (the region to edit). */
export function insidePolygon(polygon: readonly Point[], p: Point): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i]!;
    const b = polygon[j]!;
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}
