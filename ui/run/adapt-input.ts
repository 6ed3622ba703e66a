/**
 * What an adapt edit sends (issue 15): the master's image, read off the canvas, placed on the target's request-sized
 * canvas per core/adapt-geometry.ts, and the mask of the margins. The frame's own size matters only past the model's
 * aspect limit, where the master goes inside the part the frame's Fill shows.
 */
import { adaptGeometry, adaptProblem, ratioLimit } from '../../core/adapt-geometry';
import { parseSize } from '../../core/sizing';
import { composeAdapt } from '../adapt-canvas';
import type { AdaptSource, EditSource, Run } from './run';
import type { StreamDeps } from './streams';

export async function readAdapt(run: Run, source: EditSource & { adapt: AdaptSource }, deps: Pick<StreamDeps, 'readInput'>): Promise<{ frame: Uint8Array; references: Uint8Array[]; mask: Uint8Array; note?: string }> {
  const input = await deps.readInput({ nodeId: source.nodeId, referenceIds: [], maskId: null, sendsFrame: true }, run.id);
  const target = parseSize(run.size);
  if (!target) throw new Error(`The request size ${run.size} is not a pixel size.`);
  const master = { width: input.image.width, height: input.image.height };
  const frame = ratioLimit(source.adapt.frame) ? source.adapt.frame : undefined;
  const problem = adaptProblem({ master, target, frame });
  if (problem) throw new Error(problem);
  const geometry = adaptGeometry({ master, target, frame, placement: source.adapt.placement });
  const { image, mask } = await composeAdapt(input.image.bytes, geometry, target);
  return { frame: image, references: [], mask, ...(frame ? { note: ratioLimit(source.adapt.frame)! } : {}) };
}
