/**
 * The chat: one turn per prompt, one item per target with its request size, status and images. Pure: the
 * hook in ./app-state.ts holds the data, ../generate.ts produces the patches.
 */
import type { Complexity, ImageUsage } from '../../contract/api';
import type { MainToUi, Target } from '../../contract/messages';
import { resolveModel, type ModelRef } from '../../core/models';
import { NEW_FRAME_EDGE } from '../../core/new-frame';
import { defaultQualityFor, requestSizeFor, type ConcreteQuality } from '../../core/sizing';

/**
 * `not-placed`: the image was made (and paid for) but the canvas refused it; it stays in the chat. `choosing`:
 * variations arrived and wait for the designer to apply one.
 */
export type ItemStatus = 'queued' | 'generating' | 'choosing' | 'applying' | 'done' | 'not-placed' | 'failed' | 'stopped';

/** One of several images made for a frame, kept for the designer to compare and apply. */
export interface Variant {
  url: string;
  bytes: Uint8Array;
  width: number;
  height: number;
}

export interface TurnItem {
  requestId: string;
  /** The exact prompt sent for this target (layer names, frame text, style lock), shown under the request. */
  prompt?: string;
  /** The model asked (its capabilities price the estimate and the usage). */
  model: ModelRef;
  /** GPT Image 2.6's complexity, when one was chosen. */
  complexity?: Complexity;
  /** The node to fill; null creates a new frame. */
  targetId: string | null;
  targetName: string;
  size: string;
  quality: ConcreteQuality;
  status: ItemStatus;
  /** Variations asked for (default 1: the image goes straight onto the frame). */
  n?: number;
  /** A transparent background was asked for. */
  background?: 'transparent';
  /** With n > 1: the images so far, side by side in the chat, and which one was applied. */
  variants?: Variant[];
  applied?: number;
  jobId?: string;
  partialUrl?: string;
  /** 0-based, as in OpenAI's `partial_image_index`. */
  partialIndex?: number;
  /** The paid image; kept in the chat whatever happens on the canvas. */
  finalUrl?: string;
  usage?: ImageUsage;
  /** Why it failed, or a note (e.g. the frame was deleted but the image is kept). */
  message?: string;
}

export interface Turn {
  id: string;
  prompt: string;
  items: TurnItem[];
}

/**
 * With nothing selected, the main thread creates a frame of at most 512 px for the image (core/new-frame.ts); at the
 * usual 2x density that frame gets a 1024x1024 image at medium quality.
 */
export const NEW_FRAME_TARGET = { id: null, name: 'New frame', width: NEW_FRAME_EDGE, height: NEW_FRAME_EDGE } as const;

let counter = 0;
export const nextRequestId = (): string => `req-${Date.now().toString(36)}-${(counter++).toString(36)}`;

/** A quality the user chose for a frame, by node id, instead of the size-based default. */
export type QualityOverrides = ReadonlyMap<string, ConcreteQuality>;

/**
 * A frame's quality: the one chosen for it in `overrides` while the model offers it, else the default for its size
 * on the canvas (never low with copy to render, see defaultQualityFor).
 */
export function qualityFor(frame: { id: string | null; width: number; height: number }, overrides: QualityOverrides, model?: ModelRef, hasCopy = false): ConcreteQuality {
  const chosen = frame.id !== null ? overrides.get(frame.id) : undefined;
  const offered = model ? resolveModel(model)?.qualities : undefined;
  if (chosen && (!offered || offered.includes(chosen))) return chosen;
  return defaultQualityFor(frame.width, frame.height, hasCopy);
}

/** A generation offers variations when it fills one frame (or a new one); a batch makes one image per frame. */
export const takesVariations = (targetCount: number): boolean => targetCount <= 1;

/** One queued item per target (or one new frame), sized and priced by the frame at its quality (see qualityFor). */
export function planTurn(
  targets: readonly Target[],
  model: ModelRef,
  makeId: () => string = nextRequestId,
  overrides: QualityOverrides = new Map(),
  hasCopy: (t: Target) => boolean = () => false,
): TurnItem[] {
  const list = targets.length > 0 ? targets : [NEW_FRAME_TARGET];
  return list.map((t) => {
    const quality = qualityFor(t, overrides, model, t.id !== null && hasCopy(t as Target));
    return {
      requestId: makeId(),
      model,
      targetId: t.id,
      targetName: t.name,
      size: requestSizeFor(model, t.width, t.height, quality),
      quality,
      status: 'queued',
    };
  });
}

export function patchItem(turns: readonly Turn[], requestId: string, patch: Partial<TurnItem>): Turn[] {
  return turns.map((turn) =>
    turn.items.some((i) => i.requestId === requestId)
      ? { ...turn, items: turn.items.map((i) => (i.requestId === requestId ? { ...i, ...patch } : i)) }
      : turn,
  );
}

const KEPT = 'the image is kept here in the chat.';

/**
 * The apply request for variation `index` of an item (a generation's or an edit's): the item's id with the index
 * after a `#`. `variantOf` reads it back; an id without a `#` names the item itself.
 */
export const variantRequestId = (requestId: string, index: number): string => `${requestId}#${index}`;

export function variantOf(applyRequestId: string): { requestId: string; index?: number } {
  const [requestId, index] = applyRequestId.split('#');
  return { requestId: requestId!, ...(index !== undefined ? { index: Number(index) } : {}) };
}

/** What the main thread's answer to `apply-image` means for the item it names (a variation's, or the item's own). */
export function applyAnswer(message: Extract<MainToUi, { type: 'applied' | 'apply-failed' }>): { requestId: string; patch: Partial<TurnItem> } {
  const { requestId, index } = variantOf(message.requestId);
  const patch = applyOutcome(message);
  return { requestId, patch: index !== undefined && message.type === 'applied' ? { ...patch, applied: index } : patch };
}

/** What the main thread's answer to `apply-image` means for the item. */
export function applyOutcome(message: Extract<MainToUi, { type: 'applied' | 'apply-failed' }>): Partial<TurnItem> {
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

/** The latest item for each target node, for the per-target status in the target list. */
export function latestByTarget(turns: readonly Turn[]): Map<string, TurnItem> {
  const latest = new Map<string, TurnItem>();
  for (const turn of turns) for (const item of turn.items) if (item.targetId !== null) latest.set(item.targetId, item);
  return latest;
}

export const STATUS_TEXT: Record<ItemStatus, string> = {
  queued: 'Queued',
  generating: 'Generating…',
  choosing: 'Pick a variation',
  applying: 'Placing on the canvas…',
  done: 'Done',
  'not-placed': 'Not placed',
  failed: 'Failed',
  stopped: 'Stopped',
};
