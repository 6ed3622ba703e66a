/**
 * The message contract between the plugin main thread (`src/`, Figma's sandbox) and the plugin UI
 * (`ui/`, the iframe). Both sides import these types; nothing else crosses postMessage.
 *
 * Image bytes always travel as `Uint8Array` (structured clone), never as base64 strings.
 */
import type { DesignMainToUi, DesignUiToMain } from './design-messages';
import type { LibraryMainToUi, LibraryUiToMain } from './library-messages';
import type { ThreadMainToUi, ThreadUiToMain, VersionMeta } from './thread-messages';
import type { RecentMainToUi, RecentUiToMain } from './recent-messages';
import type { DropMainToUi } from './drop-messages';

export type { DesignMainToUi, DesignUiToMain } from './design-messages';
export type { LibraryMainToUi, LibraryUiToMain } from './library-messages';
export type { ConversationEngine, EditInput, Focus, LayerRef, ThreadMainToUi, ThreadUiToMain, VersionMeta } from './thread-messages';

/** Settings the user enters in the UI; kept by the main thread in `figma.clientStorage`. */
export interface StoredSettings {
  backendUrl: string;
  accessToken: string;
  /** The model chosen in the plugin; absent or '' follows the team's default pairing. */
  model?: string;
}

/** The Backend URL starts as the one the plugin was built for (`npm run build -- --backend <url>`; see build.mjs). */
export const DEFAULT_SETTINGS: StoredSettings = {
  backendUrl: __FIGMENT_NETWORK__.defaultBackendUrl,
  accessToken: '',
};

/** A selected node that can hold an image fill. Sizes are the node's own size in canvas pixels. */
export interface Target {
  id: string;
  name: string;
  /** Figma node type, e.g. FRAME, RECTANGLE, INSTANCE. */
  nodeType: string;
  width: number;
  height: number;
  /** The node already has an IMAGE fill (a later prompt may edit it). */
  hasImageFill: boolean;
  /** The text layers inside it, in document order ("Use this frame's text"). */
  text?: string[];
  /** It has layers inside (a wireframe or sketch without an image fill can be rendered: frame to image). */
  hasChildren?: boolean;
}

/** A selected node that cannot hold an image fill, with the reason shown to the user. */
export interface SkippedNode {
  id: string;
  name: string;
  nodeType: string;
  reason: string;
}

export interface SelectionInfo {
  targets: Target[];
  skipped: SkippedNode[];
}

/** Main thread -> UI. */
export type MainToUi =
  | { type: 'init'; settings: StoredSettings; selection: SelectionInfo }
  | { type: 'selection'; selection: SelectionInfo }
  | { type: 'settings-saved'; settings: StoredSettings }
  | {
      type: 'applied';
      requestId: string;
      /** The node that now shows the image (a newly created frame when nothing was selected). */
      nodeId: string;
      imageHash: string;
      created: boolean;
      /** The UI's note on how it made the image fit for Figma (echoed from `apply-image`), for the chat. */
      note?: string;
    }
  | {
      type: 'apply-failed';
      requestId: string;
      nodeId: string | null;
      reason: ApplyFailureReason;
      message: string;
    }
  | ThreadMainToUi
  | DesignMainToUi
  | LibraryMainToUi
  | RecentMainToUi
  | DropMainToUi;

export type ApplyFailureReason = 'deleted' | 'locked' | 'unsupported' | 'invalid-image' | 'error';

/** UI -> main thread. */
export type UiToMain =
  | { type: 'ready' }
  | { type: 'save-settings'; settings: StoredSettings }
  | {
      type: 'apply-image';
      /** Correlates the answer (`applied` / `apply-failed`) with this request. */
      requestId: string;
      /** The node to fill; `null` creates a new frame at the viewport centre, sized `width` x `height`. */
      nodeId: string | null;
      bytes: Uint8Array;
      /** Pixel size of the image in `bytes`. */
      width: number;
      height: number;
      /** The prompt, used to name a newly created frame. */
      prompt: string;
      /** How the image was made; the main thread records it as a new version in the node's thread. */
      version?: VersionMeta;
      /** Set by the UI's bridge when it converted or downscaled the image for Figma (ui/figma-image.ts). */
      note?: string;
      /** A layer to hide in the same undo step as the fill ("Hide the mask shape after" a region edit). */
      hideNodeId?: string;
      /**
       * With `nodeId` null: the new frame goes beside this source frame (its size, right of it, clear of everything),
       * named `name`, instead of at the viewport centre (frame to image). `duplicate` (Localise): the new frame is a
       * duplicate of the source, its layers and text included, its image replaced (src/localise.ts); `texts`: the
       * duplicate's text layers whose text (whitespace tidied) is a key get its value (the reviewed translation).
       */
      beside?: { sourceId: string; name: string; duplicate?: boolean; texts?: Record<string, string> };
    }
  | { type: 'notify'; message: string; error?: boolean }
  /** The user resized the window (its grip): the main thread keeps it within bounds, resizes and remembers it. */
  /** `persist`: the end of a drag, or a key step; the main thread remembers it for the next run. */
  | { type: 'resize-window'; width: number; height: number; persist: boolean }
  /** A partial image shown on the frame as a preview while the final one is on its way. */
  | { type: 'preview-image'; requestId: string; nodeId: string; bytes: Uint8Array }
  /** A partial of an image that goes in a new frame beside `beside.sourceId`: the frame is made now, and shows it. */
  | { type: 'preview-beside'; requestId: string; beside: { sourceId: string; name: string }; bytes: Uint8Array }
  /** The request ended without a final image (stopped, failed): put the frame's previous fills back. */
  | { type: 'preview-end'; requestId: string }
  /** Takes one layer out of the selection (the mask chip's remove button); the focus follows the selection. */
  | { type: 'deselect-node'; nodeId: string }
  /** Adapt to sizes: new empty frames of these sizes beside the master, then the master and them selected. */
  | { type: 'create-adapt-frames'; masterId: string; frames: Array<{ name: string; width: number; height: number }> }
  | ThreadUiToMain
  | DesignUiToMain
  | LibraryUiToMain
  | RecentUiToMain;

/**
 * One handler per message type, each given its own message: a side that receives `M` dispatches through such a
 * map, so the compiler demands a handler for every message the contract adds (core/dispatch.ts calls it).
 */
export type MessageHandlers<M extends { type: string }, R = void> = { [K in M['type']]: (message: Extract<M, { type: K }>) => R };

/**
 * Figma wraps UI -> main messages as `{ pluginMessage }` on `parent.postMessage`,
 * and delivers main -> UI messages to the iframe as `event.data.pluginMessage`.
 */
export interface PluginMessageEnvelope<T> {
  pluginMessage: T;
  pluginId?: string;
}
