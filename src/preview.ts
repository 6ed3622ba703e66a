/**
 * Partial images on the canvas: while a frame's image streams in, each partial becomes its fill as a preview, the
 * frame's own fills kept aside. The final image replaces the preview (together one undo step); a stopped or failed
 * job, or a final image that cannot be placed (the layer was locked meanwhile), puts the frame's previous fills back.
 */
import { withImageFill } from './fills';

type Fillable = SceneNode & MinimalFillsMixin;

/** Per request: the previewed node itself (the close handler cannot look it up: that is asynchronous) and its fills. */
const saved = new Map<string, { node: Fillable; fills: readonly Paint[] }>();

async function fillable(nodeId: string): Promise<Fillable | null> {
  const node = await figma.getNodeByIdAsync(nodeId);
  return node && !node.removed && 'fills' in node ? (node as Fillable) : null;
}

/** A partial becomes the frame's fill, unless the frame is gone or locked (a lock is the designer's to respect). */
export async function showPreview(requestId: string, nodeId: string, bytes: Uint8Array): Promise<void> {
  const node = await fillable(nodeId);
  if (!node || node.fills === figma.mixed || ('locked' in node && node.locked)) return;
  let image: Image;
  try {
    image = figma.createImage(bytes);
  } catch {
    return; // a preview that cannot be read is simply not shown
  }
  const entry = saved.get(requestId) ?? { node, fills: node.fills as readonly Paint[] };
  saved.set(requestId, entry);
  node.fills = withImageFill(entry.fills, image.hash) as Paint[];
}

/**
 * The final image is on the canvas (or the request is over): forget the kept fills, restoring them if asked, even
 * on a layer locked meanwhile, since the preview was ours.
 */
export async function endPreview(requestId: string, restore: boolean): Promise<void> {
  const entry = saved.get(requestId);
  saved.delete(requestId);
  if (entry && restore) restoreFills(entry);
}

function restoreFills({ node, fills }: { node: Fillable; fills: readonly Paint[] }): void {
  if (!node.removed) node.fills = fills as Paint[];
}

/**
 * The plugin is closing (its window closed mid-stream, or closePlugin): every frame still showing a partial gets its
 * own fills back. Synchronous, as Figma's "close" event requires: "The plugin execution environment will be
 * destroyed immediately when all the callbacks have returned" (typings, figma.on).
 */
export function restoreAllPreviews(): void {
  for (const entry of saved.values()) restoreFills(entry);
  saved.clear();
}
