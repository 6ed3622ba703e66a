/**
 * What an edit starts from, read off the canvas: the frame's current image bytes (its IMAGE fill, or a PNG export
 * when it has none), the reference layers' image bytes, and the region of a shape over it in the image's pixels.
 */
import type { EditInput, MainToUi, ThreadUiToMain } from '../contract/messages';
import { maskGeometry, type ScaleMode, type Transform } from '../core/mask-geometry';
import { imagePaintOf } from './focus';
import { regionInFrame } from './region';

type Request = Extract<ThreadUiToMain, { type: 'get-edit-input' }>;
type Answer = Extract<MainToUi, { type: 'edit-input' | 'edit-input-failed' }>;

class EditInputError extends Error {}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const at = (i: number) => ((bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!) >>> 0;
  return { width: at(16), height: at(20) };
}

async function imageOf(node: SceneNode): Promise<{ bytes: Uint8Array; width: number; height: number; paint: ImagePaint | null }> {
  const paint = imagePaintOf(node);
  const image = paint?.imageHash ? figma.getImageByHash(paint.imageHash) : null;
  if (paint && image) {
    const [bytes, size] = await Promise.all([image.getBytesAsync(), image.getSizeAsync()]);
    return { bytes, ...size, paint };
  }
  const bytes = await node.exportAsync({ format: 'PNG' });
  return { bytes, ...pngSize(bytes), paint: null };
}

async function sceneNode(id: string): Promise<SceneNode> {
  const node = await figma.getNodeByIdAsync(id);
  if (!node || node.removed || node.type === 'PAGE' || node.type === 'DOCUMENT') throw new EditInputError('A selected layer was deleted.');
  return node as SceneNode;
}

async function maskOf(frame: SceneNode, image: { width: number; height: number; paint: ImagePaint | null }, maskId: string): Promise<EditInput['mask']> {
  const shape = await sceneNode(maskId);
  const kind = shape.type === 'ELLIPSE' ? 'ellipse' : 'rect';
  const region = regionInFrame(frame.absoluteTransform as Transform, {
    transform: shape.absoluteTransform as Transform,
    width: shape.width,
    height: shape.height,
    kind,
  });
  if (!region) throw new EditInputError('The frame has no area.');
  const geometry = maskGeometry(
    {
      nodeWidth: frame.width,
      nodeHeight: frame.height,
      imageWidth: image.width,
      imageHeight: image.height,
      // An export is the frame itself, pixel for pixel up to scale: the same as FILL at the frame's aspect.
      scaleMode: (image.paint?.scaleMode ?? 'FILL') as ScaleMode,
      ...(image.paint?.imageTransform ? { imageTransform: image.paint.imageTransform as Transform } : {}),
    },
    region,
  );
  if (!geometry.ok) throw new EditInputError(geometry.reason);
  return { polygon: geometry.polygon, width: geometry.width, height: geometry.height };
}

export async function editInput(req: Request): Promise<Answer> {
  try {
    const frame = await sceneNode(req.nodeId);
    const image = await imageOf(frame);
    const references: EditInput['references'] = [];
    for (const id of req.referenceIds) {
      const node = await sceneNode(id);
      const paint = imagePaintOf(node);
      const bytes = paint?.imageHash ? await figma.getImageByHash(paint.imageHash)?.getBytesAsync() : undefined;
      if (bytes) references.push({ id: node.id, name: node.name, bytes });
    }
    const mask = req.maskId ? await maskOf(frame, image, req.maskId) : null;
    return { type: 'edit-input', requestId: req.requestId, input: { image: { bytes: image.bytes, width: image.width, height: image.height }, references, mask } };
  } catch (error) {
    const message = error instanceof EditInputError ? error.message : `Could not read the frame's image: ${error instanceof Error ? error.message : String(error)}`;
    return { type: 'edit-input-failed', requestId: req.requestId, message };
  }
}
