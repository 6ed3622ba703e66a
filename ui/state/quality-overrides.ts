/**
 * Per-frame quality chosen in the target list, overriding the size-based default (core/sizing.ts). Kept by node id
 * while the node stays selected; a node that leaves the selection goes back to its default.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Target } from '../../contract/messages';
import type { ConcreteQuality } from '../../core/sizing';
import type { QualityOverrides } from '../run/plan';

/** The overrides with `id` set to `quality`, or removed when `quality` is null (back to the default). */
export function withOverride(overrides: QualityOverrides, id: string, quality: ConcreteQuality | null): QualityOverrides {
  const next = new Map(overrides);
  if (quality) next.set(id, quality);
  else next.delete(id);
  return next;
}

/** Only the overrides of nodes still among `targets`; the same map when nothing was dropped. */
export function keepSelected(overrides: QualityOverrides, targets: readonly Pick<Target, 'id'>[]): QualityOverrides {
  const ids = new Set(targets.map((t) => t.id));
  if ([...overrides.keys()].every((id) => ids.has(id))) return overrides;
  return new Map([...overrides].filter(([id]) => ids.has(id)));
}

export function useQualityOverrides(targets: readonly Target[]) {
  const [overrides, setOverrides] = useState<QualityOverrides>(new Map());
  useEffect(() => setOverrides((o) => keepSelected(o, targets)), [targets]);
  const setQuality = (id: string, quality: ConcreteQuality | null) => setOverrides((o) => withOverride(o, id, quality));
  return { overrides, setQuality };
}
