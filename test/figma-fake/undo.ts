/**
 * Figma's undo history as the plugin sees it (typings, PluginAPI):
 * - commitUndo: "Commits actions to undo history. This does not trigger an undo." "By default, plugin actions are
 *   not committed to undo history. Call `figma.commitUndo()` so that triggered undos can revert a subset of plugin
 *   actions" (its example: rectangle, commitUndo, ellipse: "the first triggered undo will only undo the ellipse").
 * - triggerUndo: "Triggers an undo action. Reverts to the last `commitUndo()` state."
 * So the history is the document as it was at each commitUndo. A triggered undo reverts what changed since the last
 * commit; with nothing changed since, it reverts the last committed step to the commit before it. The fake's history
 * starts when the plugin runs: undoing past that (the designer's own earlier steps) is not implemented and throws.
 */
import type { FakeNode, NodeUndoState } from './nodes';

type Snapshot = Map<FakeNode, NodeUndoState>;

const sameMap = (a: Map<string, Map<string, string>>, b: Map<string, Map<string, string>>) =>
  JSON.stringify([...a].map(([k, v]) => [k, [...v]])) === JSON.stringify([...b].map(([k, v]) => [k, [...v]]));

function sameState(a: NodeUndoState, b: NodeUndoState): boolean {
  const scalar = ['name', 'x', 'y', 'width', 'height', 'rotation', 'locked', 'visible', 'characters', 'removed', 'parent', 'fills'] as const;
  return (
    scalar.every((k) => a[k] === b[k]) &&
    a.children.length === b.children.length &&
    a.children.every((c, i) => c === b.children[i]) &&
    sameMap(a.pluginData, b.pluginData) &&
    sameMap(a.sharedData, b.sharedData) &&
    JSON.stringify(a.relaunchData) === JSON.stringify(b.relaunchData) &&
    JSON.stringify(a.effects) === JSON.stringify(b.effects)
  );
}

export class UndoHistory {
  private steps: Snapshot[] = [];

  constructor(private readonly nodes: () => Iterable<FakeNode>) {}

  private snapshot(): Snapshot {
    // A removed node is not in the document; one that comes back is restored from the step that had it.
    return new Map([...this.nodes()].filter((n) => !n.removed).map((n) => [n, n.undoState()]));
  }

  private same(a: Snapshot, b: Snapshot): boolean {
    if (a.size !== b.size) return false;
    for (const [node, state] of a) {
      const other = b.get(node);
      if (!other || !sameState(state, other)) return false;
    }
    return true;
  }

  /** The plugin starts: its history begins with the document as it is now. */
  begin(): void {
    this.steps = [this.snapshot()];
  }

  commit(): void {
    if (this.steps.length === 0) this.begin();
    else this.steps.push(this.snapshot());
  }

  undo(): void {
    const now = this.snapshot();
    // Changes since the last commit are a step of their own, reverted first.
    if (this.steps.length > 0 && !this.same(now, this.steps.at(-1)!)) this.steps.push(now);
    if (this.steps.length < 2) throw new Error('figma.triggerUndo: undoing steps from before the plugin ran is not implemented by the fake');
    this.steps.pop();
    const target = this.steps.at(-1)!;
    for (const node of this.nodes()) {
      const state = target.get(node);
      // A node created after that step is gone again.
      if (state) node.restoreUndoState(state);
      else node.restoreUndoState({ ...node.undoState(), removed: true, parent: null, children: [] });
    }
  }
}
