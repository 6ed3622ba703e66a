/**
 * The edit mask: a PNG of the image's own size, opaque everywhere except under the region's shape, where alpha is
 * 0 (OpenAI edits what is transparent). The canvas paints Figma's fill paths through the shape-to-image matrix with
 * their winding rule; a pixel belongs to the region when its centre lies inside the shape, so there is no
 * anti-aliased fringe: fully covered pixels are in, untouched ones out, and edge pixels are decided at their centre.
 */
import { maskRegion, type MaskFacts, type MaskRegion } from '../core/mask-geometry';

const FILL_RULE = { NONZERO: 'nonzero', EVENODD: 'evenodd' } as const;

/** RGBA pixels of the mask: opaque black, alpha 0 where the pixel centre lies inside the shape. */
export function paintMask(context: CanvasRenderingContext2D, region: MaskRegion): ImageData {
  const { width, height } = region;
  const [[a, b, tx], [c, d, ty]] = region.transform;
  const paths = region.paths.map((p) => ({ path: new Path2D(p.data), rule: FILL_RULE[p.windingRule] }));
  context.resetTransform();
  context.clearRect(0, 0, width, height);
  // Canvas order: setTransform(a, b, c, d, e, f) maps x' = a x + c y + e, y' = b x + d y + f.
  context.setTransform(a, c, b, d, tx, ty);
  context.fillStyle = '#000';
  for (const { path, rule } of paths) context.fill(path, rule);
  const coverage = context.getImageData(0, 0, width, height).data;
  const mask = context.createImageData(width, height);
  for (let i = 0, n = width * height; i < n; i++) {
    const alpha = coverage[i * 4 + 3]!;
    const x = (i % width) + 0.5;
    const y = Math.floor(i / width) + 0.5;
    const inside = alpha === 255 || (alpha > 0 && paths.some(({ path, rule }) => context.isPointInPath(path, x, y, rule)));
    mask.data[i * 4 + 3] = inside ? 0 : 255;
  }
  context.resetTransform();
  return mask;
}

/** Maps the shape into the image's pixels, paints the mask and encodes it as PNG bytes; throws why it cannot. */
export async function maskPng(facts: MaskFacts): Promise<Uint8Array> {
  const result = maskRegion(facts);
  if (!result.ok) throw new Error(result.reason);
  const { region } = result;
  const canvas = document.createElement('canvas');
  canvas.width = region.width;
  canvas.height = region.height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('This browser cannot paint the edit mask.');
  context.putImageData(paintMask(context, region), 0, 0);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('Could not encode the edit mask.');
  return new Uint8Array(await blob.arrayBuffer());
}
