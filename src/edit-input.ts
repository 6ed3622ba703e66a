/**
 * What an edit starts from, read off the canvas: the frame's current image bytes (its IMAGE fill, or a PNG export
 * when it has none), the reference layers' image bytes, and the shape over it that marks the region to edit.
 */
import type { EditInput, MainToUi, ThreadUiToMain } from '../contract/messages';
import { exportScale } from '../core/frame-export';
import { TILED_REASON, type MaskFacts, type MaskPath, type ScaleMode, type Transform } from '../core/mask-geometry';
import { imagePaintOf } from './focus';

type Request = Extract<ThreadUiToMain, { type: 'get-edit-input' }>;
type Answer = Extract<MainToUi, { type: 'edit-input' | 'edit-input-failed' }>;

class EditInputError extends Error {}

/** The longest side of a frame's export for an edit: 2x the frame, at most what an edit takes. */
const EXPORT_MAX_SIDE = 2048;
type Crop = NonNullable<EditInput['image']['crop']>;
type FrameImage = { bytes: Uint8Array; width: number; height: number; paint: ImagePaint | null; crop?: Crop; note?: string };

/**
 * A frame without an image fill is exported, at an explicit scale. Figma exports what the node renders (its
 * absoluteRenderBounds: shadows, blurs and a rotation's corners included), so the frame's own box inside the export
 * is handed over as the crop, in export pixels; the UI cuts it out before the edit.
 */
async function exportOf(node: SceneNode, at?: { width: number }): Promise<FrameImage> {
  const own = node.absoluteBoundingBox;
  const rendered = ('absoluteRenderBounds' in node ? node.absoluteRenderBounds : null) ?? own;
  // Frame to image: the frame itself at the request's width, within the model's input limits (or smaller, said so).
  const fit = at ? exportScale(node, rendered ?? node, at.width) : undefined;
  // ExportSettingsImage's WIDTH constraint sizes the whole render bounds; SCALE otherwise (typings: ExportSettingsConstraints).
  const wide = fit && rendered ? Math.max(1, Math.round(rendered.width * fit.scale)) : undefined;
  const scale = wide && rendered ? wide / rendered.width : Math.min(2, EXPORT_MAX_SIDE / Math.max(node.width, node.height, 1));
  const constraint = wide ? { type: 'WIDTH' as const, value: wide } : { type: 'SCALE' as const, value: scale };
  const bytes = await node.exportAsync({ format: 'PNG', constraint });
  const width = Math.max(1, Math.round(node.width * scale));
  const height = Math.max(1, Math.round(node.height * scale));
  const crop = own && rendered ? { x: Math.round((own.x - rendered.x) * scale), y: Math.round((own.y - rendered.y) * scale), width: Math.round(own.width * scale), height: Math.round(own.height * scale) } : { x: 0, y: 0, width, height };
  return { bytes, width: crop.width, height: crop.height, paint: null, crop, ...(fit?.note ? { note: fit.note } : {}) };
}

async function imageOf(node: SceneNode): Promise<FrameImage> {
  const paint = imagePaintOf(node);
  const image = paint?.imageHash ? figma.getImageByHash(paint.imageHash) : null;
  if (paint && image) {
    const [bytes, size] = await Promise.all([image.getBytesAsync(), image.getSizeAsync()]);
    return { bytes, ...size, paint };
  }
  return exportOf(node);
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
async function maskOf(frame: SceneNode, image: FrameImage, maskId: string): Promise<MaskFacts> {
  const shape = await sceneNode(maskId);
  // A cropped export is the frame itself, pixel for pixel up to scale: the same as FILL at the frame's aspect, but
  // only while the frame is upright (a rotated frame's export holds its turned picture).
  if (!image.paint && 'rotation' in frame && frame.rotation % 360 !== 0) {
    throw new EditInputError(`“${frame.name}” is rotated and has no image fill; give it an image fill (or set its rotation to 0) to edit a region.`);
  }
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
      ...(image.paint?.rotation ? { rotation: image.paint.rotation } : {}),
    },
  };
}

export async function editInput(req: Request): Promise<Answer> {
  try {
    const frame = await sceneNode(req.nodeId);
    const image = req.exportWidth ? await exportOf(frame, { width: req.exportWidth }) : await imageOf(frame);
    const references: EditInput['references'] = [];
    for (const id of req.referenceIds) {
      const node = await sceneNode(id);
      const paint = imagePaintOf(node);
      const bytes = paint?.imageHash ? await figma.getImageByHash(paint.imageHash)?.getBytesAsync() : undefined;
      if (bytes) references.push({ id: node.id, name: node.name, bytes });
    }
    const mask = req.maskId ? await maskOf(frame, image, req.maskId) : null;
    const { bytes, width, height, crop, note } = image;
    return { type: 'edit-input', requestId: req.requestId, input: { image: { bytes, width, height, ...(crop ? { crop } : {}) }, references, mask, ...(note ? { note } : {}) } };
  } catch (error) {
    const message = error instanceof EditInputError ? error.message : `Could not read the frame's image: ${error instanceof Error ? error.message : String(error)}`;
    return { type: 'edit-input-failed', requestId: req.requestId, message };
  }
}
