/**
 * Paints checked as Figma checks a `fills` assignment (plugin-api.d.ts, `SolidPaint`, `GradientPaint`,
 * `ImagePaint`): the paint's type decides which properties it may have, and Figma refuses a paint with a property
 * its type does not declare, a scale mode it does not know, an image hash it does not hold, or an image rotation
 * that is not a multiple of 90 ("Must be in increments of +90"). Paint types the fake does not model throw "not
 * implemented" instead of passing unchecked.
 */
export type PaintLike = { type: string; [k: string]: unknown };

const COMMON = ['type', 'visible', 'opacity', 'blendMode'];
const KEYS: Record<string, string[]> = {
  SOLID: [...COMMON, 'color', 'boundVariables'],
  GRADIENT_LINEAR: [...COMMON, 'gradientTransform', 'gradientStops'],
  GRADIENT_RADIAL: [...COMMON, 'gradientTransform', 'gradientStops'],
  GRADIENT_ANGULAR: [...COMMON, 'gradientTransform', 'gradientStops'],
  GRADIENT_DIAMOND: [...COMMON, 'gradientTransform', 'gradientStops'],
  IMAGE: [...COMMON, 'scaleMode', 'imageHash', 'imageTransform', 'scalingFactor', 'rotation', 'filters'],
};
const SCALE_MODES = ['FILL', 'FIT', 'CROP', 'TILE'];
const isTransform = (t: unknown) => Array.isArray(t) && t.length === 2 && t.every((row) => Array.isArray(row) && row.length === 3 && row.every((v) => Number.isFinite(v)));

/** Throws Figma-style when `paint` is not a paint Figma would accept; `hasImage` says whether a hash is stored. */
export function validatePaint(paint: PaintLike, hasImage: (hash: string) => boolean): void {
  if (typeof paint !== 'object' || paint === null) throw new Error('in set_fills: Expected a paint object');
  const keys = KEYS[paint.type];
  if (!keys) throw new Error(`Paint type ${String(paint.type)} is not implemented by the fake`);
  const unknown = Object.keys(paint).filter((k) => !keys.includes(k));
  if (unknown.length > 0) throw new Error(`in set_fills: Unrecognized key(s) in object: ${unknown.map((k) => `'${k}'`).join(', ')}`);
  if (paint.opacity !== undefined && (typeof paint.opacity !== 'number' || paint.opacity < 0 || paint.opacity > 1)) throw new Error('in set_fills: opacity must be between 0 and 1');
  if (paint.visible !== undefined && typeof paint.visible !== 'boolean') throw new Error('in set_fills: visible must be a boolean');
  if (paint.type === 'SOLID') {
    const c = paint.color as Record<string, unknown> | undefined;
    if (!c || !['r', 'g', 'b'].every((k) => typeof c[k] === 'number' && (c[k] as number) >= 0 && (c[k] as number) <= 1)) throw new Error('in set_fills: color must be {r, g, b} in 0..1');
    return;
  }
  if (paint.type !== 'IMAGE') return;
  if (!SCALE_MODES.includes(paint.scaleMode as string)) throw new Error(`in set_fills: scaleMode must be one of ${SCALE_MODES.join(', ')}`);
  if (paint.imageHash !== null && (typeof paint.imageHash !== 'string' || !hasImage(paint.imageHash))) throw new Error('Invalid image hash');
  if (paint.rotation !== undefined) {
    if (typeof paint.rotation !== 'number' || paint.rotation % 90 !== 0) throw new Error('in set_fills: rotation must be in increments of 90');
  }
  if (paint.imageTransform !== undefined && !isTransform(paint.imageTransform)) throw new Error('in set_fills: imageTransform must be a 2x3 matrix');
}
