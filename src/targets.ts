/**
 * Which selected nodes can receive an image, and why the others cannot. Works on plain node facts so that it
 * tests without Figma.
 */
import type { SelectionInfo, SkippedNode, Target } from '../contract/messages';
import { textInside } from './design-context';

/** Node types whose `fills` can hold an IMAGE paint that shows as the node's picture. */
export const FILLABLE_TYPES: ReadonlySet<string> = new Set([
  'FRAME',
  'COMPONENT',
  'COMPONENT_SET',
  'INSTANCE',
  'RECTANGLE',
  'ELLIPSE',
  'POLYGON',
  'STAR',
  'VECTOR',
  'BOOLEAN_OPERATION',
  'SECTION',
]);

const SKIP_REASONS: Record<string, string> = {
  TEXT: 'Text layers colour their glyphs with fills; select the frame behind the text instead.',
  GROUP: 'Groups have no fills of their own; select a frame or shape inside, or frame the group (Ctrl+Alt+G).',
  SLICE: 'Slices are export areas and cannot show an image.',
  LINE: 'Lines have no area to fill.',
  CONNECTOR: 'Connectors cannot hold an image.',
  STICKY: 'Stickies cannot hold an image.',
};

/** What classification needs to know about a node. */
export interface NodeFacts {
  id: string;
  name: string;
  type: string;
  width: number;
  height: number;
  locked: boolean;
  /** `undefined` when the node has no fills; 'mixed' when they differ across its parts. */
  fills: readonly { type: string }[] | 'mixed' | undefined;
  /** Text layers inside the node. */
  text?: string[];
  /** How many layers it holds directly. */
  children?: number;
}

export function classify(node: NodeFacts): Target | SkippedNode {
  const skip = (reason: string): SkippedNode => ({ id: node.id, name: node.name, nodeType: node.type, reason });
  if (!FILLABLE_TYPES.has(node.type) || node.fills === undefined) {
    return skip(SKIP_REASONS[node.type] ?? `A ${node.type.toLowerCase().replace(/_/g, ' ')} cannot hold an image fill.`);
  }
  if (node.locked) return skip('The layer is locked; unlock it to fill it.');
  if (node.fills === 'mixed') return skip('The layer has mixed fills; give it a single fill first.');
  if (node.width < 1 || node.height < 1) return skip('The layer has no area.');
  return {
    id: node.id,
    name: node.name,
    nodeType: node.type,
    width: Math.round(node.width),
    height: Math.round(node.height),
    hasImageFill: node.fills.some((p) => p.type === 'IMAGE'),
    ...(node.text && node.text.length > 0 ? { text: node.text } : {}),
    ...(node.children ? { hasChildren: true } : {}),
  };
}

export function isTarget(entry: Target | SkippedNode): entry is Target {
  return !('reason' in entry);
}

export function describeSelection(nodes: readonly NodeFacts[]): SelectionInfo {
  const targets: Target[] = [];
  const skipped: SkippedNode[] = [];
  for (const node of nodes) {
    const entry = classify(node);
    if (isTarget(entry)) targets.push(entry);
    else skipped.push(entry);
  }
  return { targets, skipped };
}

/** Reads the facts off a real (or fake) Figma node. */
export function factsOf(node: SceneNode): NodeFacts {
  const fills = 'fills' in node ? (node.fills === figma.mixed ? 'mixed' : (node.fills as readonly Paint[])) : undefined;
  return {
    id: node.id,
    name: node.name,
    type: node.type,
    width: 'width' in node ? node.width : 0,
    height: 'height' in node ? node.height : 0,
    locked: 'locked' in node ? node.locked : false,
    fills,
    text: textInside(node),
    children: 'children' in node ? node.children.length : 0,
  };
}
