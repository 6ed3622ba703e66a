/**
 * The frame's thread in the document: every applied image becomes a version in the node's shared plugin data
 * (images stay in Figma's image store by hash), the node gets a "Refine image" relaunch button, and earlier
 * versions restore.
 */
import type { VersionMeta } from '../contract/messages';
import { addVersion, currentVersion, readThread, restoreVersion, THREAD_KEY, writeThread, type Thread } from '../core/thread';
import { readRecord, writeRecord } from './document-data';
import { withImageFill } from './fills';

/** The filled frame's relaunch buttons (manifest.json `relaunchButtons`), each with its description. */
export const RELAUNCH = { refine: 'Talk to this frame', regenerate: 'A new image from the same prompt', variations: 'Takes to choose from' } as const;
/** The thread's key in the `figment` namespace (THREAD_KEY is where versions before it kept it privately). */
export const THREAD_RECORD = 'thread';

type PluginDataNode = Pick<BaseNode, 'getPluginData' | 'setPluginData' | 'getSharedPluginData' | 'setSharedPluginData' | 'setRelaunchData'>;

export function threadOf(node: Pick<BaseNode, 'getPluginData' | 'setPluginData' | 'getSharedPluginData' | 'setSharedPluginData'>): Thread {
  return readThread(readRecord(node, THREAD_RECORD, THREAD_KEY));
}

/**
 * Adds the applied image as the node's new current version (its parent: the version that was current). Runs before
 * the apply's commitUndo so that the fill and the record are one undo step. Never throws: a record that cannot be
 * written must not undo an image the user paid for. What `meta` leaves out is recorded as unknown.
 */
export function recordVersion(node: PluginDataNode, imageHash: string, prompt: string, meta: Partial<VersionMeta> | undefined, now = Date.now()): Thread | null {
  try {
    const thread = threadOf(node);
    const next = addVersion(thread, {
      parent: currentVersion(thread)?.id ?? null,
      prompt,
      model: meta?.model ?? 'unknown',
      size: meta?.size ?? 'auto',
      quality: meta?.quality ?? 'auto',
      engine: meta?.engine ?? 'images',
      imageHash,
      ...(meta?.jobId ? { jobId: meta.jobId } : {}),
      ...(meta?.responseId ? { responseId: meta.responseId } : {}),
      ...(meta?.source ? { source: meta.source } : {}),
      ...(meta?.adaptedFrom ? { adaptedFrom: { ...meta.adaptedFrom, version: meta.adaptedFrom.version ?? null } } : {}),
      at: now,
    });
    writeRecord(node, THREAD_RECORD, writeThread(next));
    node.setRelaunchData({ ...RELAUNCH });
    return next;
  } catch {
    return null;
  }
}

/** Puts an earlier version back on the canvas as one undo step; answers with a notice when it cannot. */
export async function restoreOnCanvas(nodeId: string, versionId: number): Promise<{ ok: true } | { ok: false; message: string }> {
  const node = await figma.getNodeByIdAsync(nodeId);
  if (!node || node.removed || !('fills' in node)) return { ok: false, message: 'The frame is gone.' };
  const target = node as SceneNode & MinimalFillsMixin;
  if ('locked' in target && target.locked) return { ok: false, message: `“${target.name}” is locked; unlock it to restore a version.` };
  const thread = threadOf(target);
  const version = thread.versions.find((v) => v.id === versionId);
  if (!version) return { ok: false, message: `Version ${versionId} is no longer in this frame's thread.` };
  if (!figma.getImageByHash(version.imageHash)) return { ok: false, message: `The image of version ${versionId} is no longer in this file.` };
  const current = target.fills === figma.mixed ? [] : (target.fills as readonly Paint[]);
  target.fills = withImageFill(current, version.imageHash) as Paint[];
  writeRecord(target, THREAD_RECORD, writeThread(restoreVersion(thread, versionId)));
  figma.commitUndo();
  return { ok: true };
}
