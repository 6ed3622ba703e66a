/** How an image becomes a node's fill. Pure: works on plain paint lists. */

export interface ImagePaintLike {
  type: 'IMAGE';
  imageHash: string;
  scaleMode: 'FILL';
  visible: boolean;
  opacity: number;
}

/**
 * The node's image fill is replaced in place (other paints above or below it stay); a node without one loses
 * its placeholder fills to the image.
 */
export function withImageFill<P extends { type: string }>(current: readonly P[], imageHash: string): Array<P | ImagePaintLike> {
  const image: ImagePaintLike = { type: 'IMAGE', imageHash, scaleMode: 'FILL', visible: true, opacity: 1 };
  const at = current.findIndex((p) => p.type === 'IMAGE');
  if (at === -1) return [image];
  return current.map((p, i) => (i === at ? image : p));
}
