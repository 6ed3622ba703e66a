/**
 * The part of the main thread <-> UI contract that talks to a frame: its thread of versions, the bytes an edit
 * starts from, restoring a version, and the conversation engine choice. Re-exported by ./messages.ts.
 */
import type { MaskFacts } from '../core/mask-geometry';
import type { AdaptedFrom, Engine, Thread } from '../core/thread';

/** How an image was made; recorded as a version in the node's thread. */
export interface VersionMeta {
  model: string;
  size: string;
  quality: string;
  engine: Engine;
  jobId?: string;
  responseId?: string;
  /** The frame the image was rendered from (frame to image). */
  source?: string;
  /** Adapt to sizes: the master the image was adapted from; the main thread records the master's current version. */
  adaptedFrom?: Omit<AdaptedFrom, 'version'> & { version?: number | null };
}

/** A selected layer that goes along with an edit. */
export interface LayerRef {
  id: string;
  name: string;
}

/**
 * The image-filled frame the next prompt edits, with its thread and what else the selection brings: other image
 * layers as references, a shape over it (rectangle, ellipse, polygon, star or vector) as the region to change.
 */
export interface Focus {
  nodeId: string;
  name: string;
  width: number;
  height: number;
  thread: Thread;
  references: LayerRef[];
  mask: LayerRef | null;
  /** Why a selected shape cannot be a region (e.g. the fill is tiled); the edit then refuses to run. */
  maskProblem?: string;
  /** Adapt to sizes: the frames on the page whose current image was adapted from this one, for "Re-adapt". */
  adapted?: AdaptedFrame[];
}

/** A frame adapted from a master: its size, and the master's version it was adapted from (null: unknown). */
export interface AdaptedFrame {
  id: string;
  name: string;
  width: number;
  height: number;
  masterVersion: number | null;
  /** The words its current image was adapted with ('' when none). */
  words: string;
}

/** What an edit starts from, read off the canvas by the main thread. */
export interface EditInput {
  /**
   * The frame's current image (its IMAGE fill's bytes, or a PNG export when it has none). `width` and `height` are
   * the image the edit starts from: with `crop`, the part of the export (in its pixels) that is the frame itself,
   * which the UI cuts out first.
   */
  image: { bytes: Uint8Array; width: number; height: number; crop?: { x: number; y: number; width: number; height: number } };
  references: Array<LayerRef & { bytes: Uint8Array }>;
  /** The region's shape and placement; the UI maps it to the image's own pixels and paints the mask PNG. */
  mask: MaskFacts | null;
  /** Why the export is smaller than asked (frame to image: kept within the model's input limits). */
  note?: string;
}

export type ConversationEngine = Engine;

/** Main thread -> UI. */
export type ThreadMainToUi =
  | { type: 'focus'; focus: Focus | null }
  | { type: 'image-bytes'; hash: string; bytes: Uint8Array | null }
  | { type: 'edit-input'; requestId: string; input: EditInput }
  | { type: 'edit-input-failed'; requestId: string; message: string }
  | { type: 'engine'; engine: ConversationEngine };

/** UI -> main thread. */
export type ThreadUiToMain =
  /** Answered with `engine` and `focus`: at start-up, and whenever an image was applied (the thread grew). */
  | { type: 'get-thread-state' }
  | { type: 'get-image-bytes'; hash: string }
  /** `exportWidth`: export the frame as Figma renders it, the frame itself this wide (frame to image), even over an image fill. */
  | { type: 'get-edit-input'; requestId: string; nodeId: string; referenceIds: string[]; maskId: string | null; exportWidth?: number }
  | { type: 'restore-version'; nodeId: string; versionId: number }
  | { type: 'set-engine'; engine: ConversationEngine };
