/** Where a shape drawn over a frame lies in the frame's own coordinates (pure; works on Figma's 2x3 transforms). */
import type { RegionShape, Transform } from '../core/mask-geometry';

export function invert([[a, b, tx], [c, d, ty]]: Transform): Transform | null {
  const det = a * d - b * c;
  if (Math.abs(det) < 1e-12) return null;
  return [
    [d / det, -b / det, (b * ty - d * tx) / det],
    [-c / det, a / det, (c * tx - a * ty) / det],
  ];
}

const apply = ([[a, b, tx], [c, d, ty]]: Transform, x: number, y: number) => ({ x: a * x + b * y + tx, y: c * x + d * y + ty });

/**
 * The shape's box in the frame's coordinates, from both nodes' absolute transforms. A shape rotated relative to the
 * frame is taken by its bounding box there.
 */
export function regionInFrame(
  frame: Transform,
  shape: { transform: Transform; width: number; height: number; kind: RegionShape['kind'] },
): RegionShape | null {
  const toFrame = invert(frame);
  if (!toFrame) return null;
  const corners = [
    [0, 0],
    [shape.width, 0],
    [shape.width, shape.height],
    [0, shape.height],
  ].map(([x, y]) => {
    const abs = apply(shape.transform, x!, y!);
    return apply(toFrame, abs.x, abs.y);
  });
  const xs = corners.map((p) => p.x);
  const ys = corners.map((p) => p.y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { kind: shape.kind, x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}
