/**
 * Partials of a run whose image goes in a new frame beside its source (frame to image): the frame is made at the
 * first partial, where the final image would put it, and the partials preview there as on any frame (./preview.ts).
 * The final image fills that same frame; a run that ends without one (stopped, failed, the plugin closed) removes it.
 */
import { besideRect } from '../core/adapt-geometry';
import { showPreview } from './preview';

type Box = { x: number; y: number; width: number; height: number };
const boxOf = (n: SceneNode): Box => ({ x: n.x, y: n.y, width: n.width, height: n.height });

/** Where a layer of `size` (the source's own by default) goes right of `source` in its parent, clear of every sibling (besideRect). */
export function besideSource(source: SceneNode, size: { width: number; height: number } = source): Box {
  const parent = source.parent as BaseNode & ChildrenMixin;
  const siblings = parent.children.filter((c) => c.id !== source.id).map(boxOf);
  return besideRect(boxOf(source), { width: size.width, height: size.height }, siblings);
}

/** A new empty frame of `size` (the source's own by default) at besideSource, named `name`. */
export function createBesideFrame(source: SceneNode, name: string, size: { width: number; height: number } = source): FrameNode {
  const parent = source.parent as BaseNode & ChildrenMixin;
  const rect = besideSource(source, size);
  const frame = figma.createFrame();
  frame.name = name;
  frame.resize(rect.width, rect.height);
  parent.appendChild(frame);
  frame.x = rect.x;
  frame.y = rect.y;
  return frame;
}

/** Per request: the frame made for its previews. */
const frames = new Map<string, FrameNode>();

export async function showBesidePreview(requestId: string, beside: { sourceId: string; name: string }, bytes: Uint8Array): Promise<void> {
  let frame = frames.get(requestId);
  if (!frame || frame.removed) {
    const source = await figma.getNodeByIdAsync(beside.sourceId);
    if (!source || source.removed || !('width' in source) || !source.parent || !('appendChild' in source.parent)) return;
    frame = createBesideFrame(source as SceneNode, beside.name);
    frames.set(requestId, frame);
  }
  await showPreview(requestId, frame.id, bytes);
}

/** The frame a request previewed in, for its final image (now the final's, no longer removed at its end). */
export function takeBesideFrame(requestId: string): FrameNode | undefined {
  const frame = frames.get(requestId);
  frames.delete(requestId);
  return frame && !frame.removed ? frame : undefined;
}

/** The request ended without a final image: the frame made for its previews goes. */
export function dropBesideFrame(requestId: string): void {
  const frame = takeBesideFrame(requestId);
  if (frame) frame.remove();
}

/** The plugin is closing: every frame still only showing a partial goes (synchronous, as "close" requires). */
export function dropAllBesideFrames(): void {
  for (const id of [...frames.keys()]) dropBesideFrame(id);
}
