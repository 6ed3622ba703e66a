/**
 * Which selected frame a follow-up prompt talks to, and what else the selection brings along: other image layers
 * as references, a shape drawn over the frame as the region to edit. The choice is pure (tested on plain
 * facts); `focusOf` reads the facts off Figma's nodes.
 */
import type { Focus, LayerRef } from '../contract/thread-messages';
import { TILED_REASON } from '../core/mask-geometry';
import { MAX_EDIT_IMAGES } from '../core/models';
import { adaptedFrom } from './adapt';
import { threadOf } from './thread';
import { FILLABLE_TYPES } from './targets';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FocusFacts {
  id: string;
  name: string;
  type: string;
  locked: boolean;
  /** Absolute bounds on the page. */
  box: Box;
  /** Scale mode of the node's visible IMAGE fill, or null when it has none. */
  imageScaleMode: string | null;
  /** The node carries a Figment thread with at least one version. */
  hasThread: boolean;
}

export interface FocusChoice {
  subject: FocusFacts;
  references: FocusFacts[];
  mask: FocusFacts | null;
}

/** Shapes with an area that can mark a region (a line has none). */
export const MASK_TYPES: ReadonlySet<string> = new Set(['RECTANGLE', 'ELLIPSE', 'POLYGON', 'STAR', 'VECTOR']);

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const area = (n: FocusFacts) => n.box.width * n.box.height;

/**
 * The subject is the one selected image layer that Figment filled (has a thread); with none, the largest image
 * layer. Two or more threaded frames mean a batch, not a conversation: no focus. References are the other image
 * layers (at most `maxReferences`, in selection order); the mask is the first shape (rectangle, ellipse, polygon,
 * star or vector) without an image that overlaps the subject.
 */
export function chooseFocus(nodes: readonly FocusFacts[], maxReferences: number): FocusChoice | null {
  const images = nodes.filter((n) => FILLABLE_TYPES.has(n.type) && !n.locked && n.imageScaleMode !== null);
  const threaded = images.filter((n) => n.hasThread);
  if (threaded.length > 1) return null;
  const subject = threaded[0] ?? [...images].sort((a, b) => area(b) - area(a))[0];
  if (!subject) return null;
  const others = nodes.filter((n) => n.id !== subject.id);
  const mask = others.find((n) => MASK_TYPES.has(n.type) && n.imageScaleMode === null && overlaps(n.box, subject.box)) ?? null;
  const references = others.filter((n) => n !== mask && n.imageScaleMode !== null && FILLABLE_TYPES.has(n.type)).slice(0, Math.max(0, maxReferences));
  return { subject, references, mask };
}

export function imagePaintOf(node: SceneNode): ImagePaint | null {
  if (!('fills' in node) || node.fills === figma.mixed) return null;
  const paints = node.fills as readonly Paint[];
  for (let i = paints.length - 1; i >= 0; i--) {
    const p = paints[i]!;
    if (p.type === 'IMAGE' && p.visible !== false && p.imageHash) return p;
  }
  return null;
}

export function boxOf(node: SceneNode): Box {
  const b = 'absoluteBoundingBox' in node ? node.absoluteBoundingBox : null;
  if (b) return b;
  const t = 'absoluteTransform' in node ? node.absoluteTransform : [[1, 0, 0], [0, 1, 0]];
  return { x: t[0][2], y: t[1][2], width: 'width' in node ? node.width : 0, height: 'height' in node ? node.height : 0 };
}

export function focusFactsOf(node: SceneNode): FocusFacts {
  return {
    id: node.id,
    name: node.name,
    type: node.type,
    locked: 'locked' in node ? node.locked : false,
    box: boxOf(node),
    imageScaleMode: imagePaintOf(node)?.scaleMode ?? null,
    hasThread: threadOf(node).versions.length > 0,
  };
}

const ref = (n: FocusFacts): LayerRef => ({ id: n.id, name: n.name });

/**
 * The focus for the current selection, or null when the next prompt generates rather than edits. References go up
 * to what any model takes; the UI, which knows the chosen model, trims them to that model's limit.
 */
export function focusOf(selection: readonly SceneNode[]): Focus | null {
  const choice = chooseFocus(selection.map(focusFactsOf), MAX_EDIT_IMAGES - 1);
  if (!choice) return null;
  const node = selection.find((n) => n.id === choice.subject.id)!;
  const focus: Focus = {
    nodeId: node.id,
    name: node.name,
    width: Math.round('width' in node ? node.width : 0),
    height: Math.round('height' in node ? node.height : 0),
    thread: threadOf(node),
    references: choice.references.map(ref),
    mask: choice.mask ? ref(choice.mask) : null,
  };
  const adapted = adaptedFrom(node.id);
  if (adapted.length > 0) focus.adapted = adapted;
  if (choice.mask && choice.subject.imageScaleMode === 'TILE') {
    focus.maskProblem = TILED_REASON;
  }
  return focus;
}
