/** The frame created for an image when nothing is selected. Pure and dependency-free: the main thread bundles it. */
import type { PixelSize } from './sizing';

/** The longest edge, in canvas pixels, of the frame created for an image when nothing is selected. */
export const NEW_FRAME_EDGE = 512;

/** The frame to create when nothing is selected: the image's aspect, at most `longEdge` canvas pixels. */
export function newFrameSize(imageWidth: number, imageHeight: number, longEdge = NEW_FRAME_EDGE): PixelSize {
  const scale = Math.min(1, longEdge / Math.max(imageWidth, imageHeight));
  return { width: Math.round(imageWidth * scale), height: Math.round(imageHeight * scale) };
}
