/**
 * What an edit starts from, read off the canvas: the frame's current image bytes (its IMAGE fill, or a PNG export
 * when it has none), the reference layers' image bytes, and the shape over it that marks the region to edit.
 */
import type { EditInput, MainToUi, ThreadUiToMain } from '../contract/messages';
import { TILED_REASON, type MaskFacts, type MaskPath, type ScaleMode, type Transform } from '../core/mask-geometry';
import { imagePaintOf } from './focus';

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

/** The shape's fill paths (a vector without fills: its own paths); open paths have no area. */
function pathsOf(shape: SceneNode): MaskPath[] {
  const fill = 'fillGeometry' in shape ? shape.fillGeometry : [];
  const paths = fill.length === 0 && shape.type === 'VECTOR' ? shape.vectorPaths : fill;
  return paths.filter((p): p is MaskPath => p.windingRule !== 'NONE').map((p) => ({ data: p.data, windingRule: p.windingRule }));
}

/** The facts the UI needs to paint the region: the shape's paths, both nodes' placement, the frame's image fill. */
async function maskOf(frame: SceneNode, image: { width: number; height: number; paint: ImagePaint | null }, maskId: string): Promise<MaskFacts> {
  const shape = await sceneNode(maskId);
  // An export is the frame itself, pixel for pixel up to scale: the same as FILL at the frame's aspect.
  const scaleMode = (image.paint?.scaleMode ?? 'FILL') as ScaleMode;
  if (scaleMode === 'TILE') throw new EditInputError(TILED_REASON);
  const paths = pathsOf(shape);
  if (paths.length === 0) throw new EditInputError(`“${shape.name}” has no area to edit; give it a fill.`);
  return {
    paths,
    width: shape.width,
    height: shape.height,
    shapeTransform: shape.absoluteTransform as Transform,
    frameTransform: frame.absoluteTransform as Transform,
    fill: {
      nodeWidth: frame.width,
      nodeHeight: frame.height,
      imageWidth: image.width,
      imageHeight: image.height,
      scaleMode,
      ...(image.paint?.imageTransform ? { imageTransform: image.paint.imageTransform as Transform } : {}),
    },
  };
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
