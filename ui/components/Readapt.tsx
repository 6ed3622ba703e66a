import type { Focus } from '../../contract/messages';
import { currentVersion } from '../../core/thread';

/**
 * Re-adapt (issue 15): on a master with adapted frames, one action adapts them all again from its current image;
 * it says when the master changed since (a version newer than the one they were adapted from).
 */
export function Readapt({ focus, onReadapt }: { focus: Focus; onReadapt(): void }) {
  const adapted = focus.adapted ?? [];
  if (adapted.length === 0) return null;
  const now = currentVersion(focus.thread)?.id ?? null;
  const stale = adapted.filter((f) => f.masterVersion !== now).length;
  const count = `${adapted.length} ${adapted.length === 1 ? 'size' : 'sizes'}`;
  return (
    <div class="adapt-presets">
      <button type="button" onClick={onReadapt}>{`Re-adapt ${count}`}</button>
      <p class="adapt-note">{stale > 0 ? `The master changed since ${stale === adapted.length ? 'they were' : `${stale} of them were`} adapted.` : `Adapted from this master's current version.`}</p>
    </div>
  );
}
