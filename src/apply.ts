/**
 * Puts a generated image on the canvas: as the image fill of the node it was made for, or in a new frame at
 * the viewport centre when nothing was selected. Each application is one undo step.
 */
import type { ApplyFailureReason, MainToUi, UiToMain } from '../contract/messages';
import { frameEdgeForZoom, frameNameFromPrompt } from '../core/frame-name';
import { newFrameSize } from '../core/new-frame';
import { withMasterVersion } from './adapt';
import { createBesideFrame, takeBesideFrame } from './beside-preview';
import { withImageFill } from './fills';
import { FILLABLE_TYPES } from './targets';
import { placeDuplicate } from './localise';
import { recordVersion } from './thread';

export type ApplyRequest = Extract<UiToMain, { type: 'apply-image' }>;
export type ApplyAnswer = Extract<MainToUi, { type: 'applied' | 'apply-failed' }>;

export const failed = (req: ApplyRequest, reason: ApplyFailureReason, message: string): ApplyAnswer => ({
  type: 'apply-failed',
  requestId: req.requestId,
  nodeId: req.nodeId,
  reason,
  message,
});

export function createImage(bytes: Uint8Array): Image | undefined {
  try {
    return figma.createImage(bytes);
  } catch {
    return undefined;
  }
}

export async function applyImage(req: ApplyRequest): Promise<ApplyAnswer> {
  if (req.nodeId === null && req.beside?.duplicate) return placeDuplicate(req, req.beside);
  if (req.nodeId === null && req.beside) return placeBeside(req, req.beside);
  if (req.nodeId === null) return placeInNewFrame(req);
  const node = await figma.getNodeByIdAsync(req.nodeId);
  if (!node || node.removed) {
    return failed(req, 'deleted', 'The layer was deleted while its image was generating; the image is kept in the chat.');
  }
  if (!FILLABLE_TYPES.has(node.type) || !('fills' in node)) {
    return failed(req, 'unsupported', `A ${node.type.toLowerCase()} cannot hold an image fill.`);
  }
  const target = node as SceneNode & MinimalFillsMixin;
  if ('locked' in target && target.locked) {
    return failed(req, 'locked', `“${target.name}” is locked; unlock it and apply the image from the chat.`);
  }
  const version = await withMasterVersion(req.version);
  const image = createImage(req.bytes);
  if (!image) return failed(req, 'invalid-image', 'Figma could not read the image bytes.');
  const current = target.fills === figma.mixed ? [] : (target.fills as readonly Paint[]);
  target.fills = withImageFill(current, image.hash) as Paint[];
  recordVersion(target, image.hash, req.prompt, version);
  if (req.hideNodeId) await hideLayer(req.hideNodeId);
  figma.commitUndo();
  return { type: 'applied', requestId: req.requestId, nodeId: target.id, imageHash: image.hash, created: false, ...(req.note ? { note: req.note } : {}) };
}

/** Hides a layer (the region's mask shape) before the apply's commitUndo: the fill and the hiding are one undo step. */
async function hideLayer(id: string): Promise<void> {
  const node = await figma.getNodeByIdAsync(id);
  if (node && !node.removed && 'visible' in node && !('locked' in node && node.locked)) node.visible = false;
}

/**
 * Frame to image: the result never covers the design. It goes in a new frame of the source's size, right of it in
 * the same parent and clear of every sibling (core/adapt-geometry.ts besideRect), named as asked, selected, its
 * thread's first version recording the source. A source deleted meanwhile: the new frame goes to the viewport centre.
 */
async function placeBeside(req: ApplyRequest, beside: NonNullable<ApplyRequest['beside']>): Promise<ApplyAnswer> {
  const source = await figma.getNodeByIdAsync(beside.sourceId);
  if (!source || source.removed || !('width' in source) || !source.parent || !('appendChild' in source.parent)) return placeInNewFrame(req, beside.name);
  const image = createImage(req.bytes);
  if (!image) return failed(req, 'invalid-image', 'Figma could not read the image bytes.');
  const node = source as SceneNode;
  // The frame its partials were previewed in, if they were; else a new one.
  const frame = takeBesideFrame(req.requestId) ?? createBesideFrame(node, beside.name);
  frame.fills = withImageFill([], image.hash) as Paint[];
  recordVersion(frame, image.hash, req.prompt, { ...req.version, source: node.id });
  figma.currentPage.selection = [frame];
  figma.commitUndo();
  return { type: 'applied', requestId: req.requestId, nodeId: frame.id, imageHash: image.hash, created: true, ...(req.note ? { note: req.note } : {}) };
}

function placeInNewFrame(req: ApplyRequest, name?: string): ApplyAnswer {
  const image = createImage(req.bytes);
  if (!image) return failed(req, 'invalid-image', 'Figma could not read the image bytes.');
  // Named after the prompt's subject, and as large on screen at any zoom as at 100 %.
  const { width, height } = newFrameSize(req.width, req.height, frameEdgeForZoom(figma.viewport.zoom));
  const frame = figma.createFrame();
  frame.name = name ?? frameNameFromPrompt(req.prompt);
  frame.resize(width, height);
  const { x, y } = figma.viewport.center;
  frame.x = Math.round(x - width / 2);
  frame.y = Math.round(y - height / 2);
  frame.fills = withImageFill([], image.hash) as Paint[];
  figma.currentPage.appendChild(frame);
  recordVersion(frame, image.hash, req.prompt, req.version);
  figma.currentPage.selection = [frame];
  figma.commitUndo();
  return { type: 'applied', requestId: req.requestId, nodeId: frame.id, imageHash: image.hash, created: true, ...(req.note ? { note: req.note } : {}) };
}
