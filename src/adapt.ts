/**
 * Adapt to sizes (issue 15), the main thread's part: an adapted image's version records its master's current
 * version (so "Re-adapt" can tell the master changed).
 */
import type { VersionMeta } from '../contract/messages';
import { currentVersion } from '../core/thread';
import { threadOf } from './thread';

/** The version with its master's current version filled in (null when the master is gone or has no thread). */
export async function withMasterVersion(meta: VersionMeta | undefined): Promise<VersionMeta | undefined> {
  if (!meta?.adaptedFrom) return meta;
  const master = await figma.getNodeByIdAsync(meta.adaptedFrom.nodeId);
  const version = master && !master.removed ? (currentVersion(threadOf(master))?.id ?? null) : null;
  return { ...meta, adaptedFrom: { nodeId: meta.adaptedFrom.nodeId, version } };
}
