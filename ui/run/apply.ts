/**
 * Putting a run's image on the canvas: the one `apply-image` message (with the version the main thread records in
 * the frame's thread), and what the main thread's answer means for the run. Pure.
 */
import type { MainToUi, UiToMain } from '../../contract/messages';
import { modelId } from '../../core/models';
import { engineOf, type Run } from './run';

type ApplyAnswer = Extract<MainToUi, { type: 'applied' | 'apply-failed' }>;

/**
 * The apply request for variation `index` of a run: the run's id with the index after a `#`. A run of one image
 * applies under its own id, the id its canvas preview was shown under (the main thread ends that preview then).
 */
export const variantRequestId = (runId: string, index: number): string => `${runId}#${index}`;

export function variantOf(applyRequestId: string): { runId: string; index?: number } {
  const [runId, index] = applyRequestId.split('#');
  return { runId: runId!, ...(index !== undefined ? { index: Number(index) } : {}) };
}

/** `apply-image` for image `index` of `run` (its `bytes`), onto its frame (or a new frame), with how it was made. */
export function applyMessage(run: Run, index: number, bytes: Uint8Array): Extract<UiToMain, { type: 'apply-image' }> {
  const image = run.images[index]!;
  const version = {
    model: modelId(run.model),
    size: run.size,
    quality: run.quality,
    engine: engineOf(run),
    ...(run.jobId ? { jobId: run.jobId } : {}),
    ...(image.responseId ? { responseId: image.responseId } : {}),
    ...(run.adaptedFrom ? { adaptedFrom: run.adaptedFrom } : {}),
  };
  const requestId = run.n > 1 ? variantRequestId(run.id, index) : run.id;
  const beside = run.targetId === null && run.beside ? { beside: run.beside } : {};
  return { type: 'apply-image', requestId, nodeId: run.targetId, bytes, width: image.width, height: image.height, prompt: run.prompt, version, ...(run.hideAfter ? { hideNodeId: run.hideAfter } : {}), ...beside };
}

const KEPT = 'the image is kept here in the chat.';

/** What the main thread's answer to `apply-image` means for the run. */
export function applyOutcome(message: ApplyAnswer): Partial<Run> {
  if (message.type === 'applied') {
    const notes = [...(message.created ? ['Placed in a new frame.'] : []), ...(message.note ? [message.note] : [])];
    return { status: 'done', ...(notes.length > 0 ? { message: notes.join(' ') } : {}) };
  }
  const text: Record<typeof message.reason, string> = {
    deleted: `Frame was deleted — ${KEPT}`,
    locked: `The layer is locked — ${KEPT}`,
    unsupported: `That layer cannot hold an image — ${KEPT}`,
    'invalid-image': `Figma could not read the image — ${KEPT}`,
    error: `${message.message.replace(/\.$/, '')} — ${KEPT}`,
  };
  return { status: 'not-placed', message: text[message.reason] ?? text.error };
}

/** The run an answer belongs to (a variation's, or the run's own image) and its patch. */
export function applyAnswer(message: ApplyAnswer): { runId: string; patch: Partial<Run> } {
  const { runId, index } = variantOf(message.requestId);
  const patch = applyOutcome(message);
  return { runId, patch: index !== undefined && message.type === 'applied' ? { ...patch, applied: index } : patch };
}
