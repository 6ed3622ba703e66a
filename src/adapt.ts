/**
 * Adapt to sizes (issue 15), the main thread's part: an adapted image's version records its master's current
 * version (so "Re-adapt" can tell the master changed), and preset sizes made as new frames beside the master.
 */
import type { VersionMeta } from '../contract/messages';
import type { AdaptedFrame } from '../contract/thread-messages';
import { currentVersion } from '../core/thread';
import { createBesideFrame } from './beside-preview';
import { FILLABLE_TYPES } from './targets';
import { threadOf } from './thread';

/** The version with its master's current version filled in (null when the master is gone or has no thread). */
export async function withMasterVersion(meta: VersionMeta | undefined): Promise<VersionMeta | undefined> {
  if (!meta?.adaptedFrom) return meta;
  const master = await figma.getNodeByIdAsync(meta.adaptedFrom.nodeId);
  const version = master && !master.removed ? (currentVersion(threadOf(master))?.id ?? null) : null;
  return { ...meta, adaptedFrom: { ...meta.adaptedFrom, version } };
}

/**
 * Preset sizes for a master: each a new empty frame right of the master in its parent, clear of it, of every
 * sibling and of each other (besideRect), named as asked; then the master and the new frames are selected, so the
 * prompt area offers adapting the master to them. One undo step. A master deleted meanwhile: nothing is made.
 */
export async function createAdaptFrames(masterId: string, sizes: ReadonlyArray<{ name: string; width: number; height: number }>): Promise<void> {
  const master = await figma.getNodeByIdAsync(masterId);
  if (!master || master.removed || !('width' in master) || !master.parent || !('appendChild' in master.parent) || sizes.length === 0) return;
  const node = master as SceneNode;
  const made = sizes.map((size) => createBesideFrame(node, size.name, size));
  figma.currentPage.selection = [node, ...made];
  figma.commitUndo();
}

/** The layers on the current page whose current image was adapted from `masterId` (see Focus.adapted). */
export function adaptedFrom(masterId: string): AdaptedFrame[] {
  const layers = figma.currentPage.findAllWithCriteria({ types: [...FILLABLE_TYPES] as Array<NodeType> });
  return layers.flatMap((node) => {
    const from = currentVersion(threadOf(node))?.adaptedFrom;
    if (from?.nodeId !== masterId || !('width' in node)) return [];
    return [{ id: node.id, name: node.name, width: Math.round(node.width), height: Math.round(node.height), masterVersion: from.version ?? null, words: from.words ?? '' }];
  });
}
