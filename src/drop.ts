/**
 * Drag to apply (Figma: "Triggering drop events from the UI"): the UI posts `pluginDrop` with the image's
 * `dropMetadata` when a Figment image is dropped out of its window; Figma calls the `drop` handler with the node
 * under the drop. A frame or shape there gets the image (the UI applies it, one undo step, versioned like any apply).
 */
import { isKeptImage } from '../contract/drop-messages';
import type { MainToUi } from '../contract/messages';
import { describeSelection, factsOf } from './targets';

/**
 * Typings, DropEvent: `node` is the page when the drop landed on nothing, or on a node that is locked or cannot be a
 * parent (a rectangle); then the topmost unlocked layer of the page under the drop is the one meant.
 */
function nodeUnder(event: DropEvent): SceneNode | null {
  const { node } = event;
  if (node.type !== 'PAGE' && node.type !== 'DOCUMENT') return node as SceneNode;
  if (node.type !== 'PAGE') return null;
  const { absoluteX: x, absoluteY: y } = event;
  const hit = [...node.children].reverse().find((n) => !n.locked && n.x <= x && x < n.x + n.width && n.y <= y && y < n.y + n.height);
  return hit ?? null;
}

export function dropHandler(post: (m: MainToUi) => void) {
  return (event: DropEvent): boolean => {
    // Not a Figment image (files, another app's items): Figma's default drop behaviour.
    if (!isKeptImage(event.dropMetadata)) return true;
    const node = nodeUnder(event);
    const selection = describeSelection(node ? [factsOf(node)] : []);
    const target = selection.targets[0];
    if (!target) {
      figma.notify(selection.skipped[0]?.reason ?? 'Drop the image onto a frame or a shape to fill it.', { error: true });
      return false;
    }
    post({ type: 'dropped', image: event.dropMetadata, target });
    return false;
  };
}
