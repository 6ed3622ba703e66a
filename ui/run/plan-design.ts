/**
 * The planners of images from the design itself (issue 15): frame to image (a wireframe rendered into a picture),
 * anchored sets, adapt to sizes, and which of them a selection starts. Pure; they build on the one planner in ./plan.ts.
 */
import type { Focus, Target } from '../../contract/messages';
import { adaptPrompt, adaptSelection, DEFAULT_ADAPT_CHOICE, placementOf, type AdaptChoice } from '../../core/adapt-sizes';
import { anchoredPrompt, renderPrompt } from '../../core/prompt';
import { parseSize, type ConcreteQuality } from '../../core/sizing';
import { editRequest } from './bodies';
import { ask, planGeneration, sizeTargets, takesVariations, transparentFor, turnRuns, type PlanOptions } from './plan';
import { nextRunId, waitsForAnchorText, type Anchor, type Run } from './run';

/** A frame that can be rendered into a picture (frame to image): it holds layers and has no image fill. */
export const isWireframe = (t: Pick<Target, 'hasChildren' | 'hasImageFill'>): boolean => !!t.hasChildren && !t.hasImageFill;

/**
 * Frame to image (issue 15): each wireframe frame is exported at its request's width and sent as Image 1 of an edit
 * that says what to render it as, its text quoted as exact copy. The result goes in a new frame beside the source
 * ("<name> / mockup"), or replaces the wireframe's fill when `replace` is chosen.
 */
export function planRender(prompt: string, targets: readonly Target[], o: PlanOptions, replace = false): Run[] {
  const n = takesVariations(targets.length) ? o.variations : 1;
  const transparent = transparentFor(o) !== undefined;
  return turnRuns('render', prompt, sizeTargets(targets, o.model, o.overrides, (t) => (t.text?.length ?? 0) > 0), o, ({ target, size, quality }) => {
    const t = target as Target;
    const sent = renderPrompt({ prompt, name: t.name, frameText: t.text ?? [], style: o.design.style, transparent });
    const exportWidth = parseSize(size)?.width ?? Math.round(t.width * 2);
    return {
      sent,
      n,
      request: { route: 'edits', body: editRequest(ask(o, sent, size, quality, n)), source: { nodeId: t.id, referenceIds: [], maskId: null, sendsFrame: true, exportWidth } },
      status: 'reading',
      ...(replace ? {} : { targetId: null, beside: { sourceId: t.id, name: `${t.name} / mockup` } }),
    };
  });
}

/**
 * An anchored set (issue 15): every frame shares one subject. With no picked anchor, the first frame generates as
 * usual and the others wait for its first image, then send it as Image 1 with their own prompt; a picked image layer
 * (`anchorId`, one of the targets) is read off the canvas and not regenerated.
 */
export function planAnchored(prompt: string, targets: readonly Target[], o: PlanOptions, anchorId: string | null = null): Run[] {
  const picked = anchorId ? targets.find((t) => t.id === anchorId) : undefined;
  const runs = planGeneration(prompt, picked ? targets.filter((t) => t !== picked) : targets, o);
  const first = runs[0];
  if (!first) return [];
  const anchor: Anchor = picked ? { nodeId: picked.id, name: picked.name } : { runId: first.id, name: first.targetName };
  const anchored = (picked ? runs : runs.slice(1)).map((r): Run => {
    const sent = anchoredPrompt(r.sent);
    const source = { nodeId: r.targetId ?? '', referenceIds: [], maskId: null, sendsFrame: false, anchor };
    return { ...r, sent, request: { route: 'edits', body: editRequest(ask(o, sent, r.size, r.quality as ConcreteQuality, r.n)), source }, ...(picked ? { status: 'reading' as const } : { message: waitsForAnchorText(anchor.name) }) };
  });
  return picked ? anchored : [first, ...anchored];
}

/** The prompt area's choices for images from the design (see ui/components/FromDesign.tsx). */
export interface FromDesignOptions {
  render: boolean;
  replace: boolean;
  anchored: boolean;
  anchorId: string | null;
  /** Adapt to sizes: the selection's one image-filled frame (the master) recomposed into each other frame. */
  adapt?: boolean;
  adaptChoice?: AdaptChoice;
}

/**
 * Adapt to sizes (issue 15): for each target, an edit of the master's image placed on the target's request-sized
 * canvas (per the choice: core/adapt-sizes.ts), the margins masked for the model to extend the scene. The result
 * fills the target, and its thread records the master (the main thread adds the master's version).
 */
export function planAdapt(prompt: string, master: Pick<Target, 'id' | 'name'>, targets: readonly Target[], o: PlanOptions, choice: AdaptChoice = DEFAULT_ADAPT_CHOICE): Run[] {
  const opaque = { ...o, design: { ...o.design, transparent: false } };
  const sent = adaptPrompt(prompt);
  const placement = placementOf(choice);
  const words = prompt.trim();
  return turnRuns('adapt', prompt, sizeTargets(targets, o.model, o.overrides), o, ({ target, size, quality }) => ({
    sent,
    request: {
      route: 'edits',
      body: editRequest(ask(opaque, sent, size, quality, 1)),
      source: { nodeId: master.id, referenceIds: [], maskId: null, sendsFrame: true, adapt: { placement, frame: { width: (target as Target).width, height: (target as Target).height } } },
    },
    status: 'reading',
    adaptedFrom: { nodeId: master.id, ...(words ? { words } : {}) },
  }));
}

/** Adapt chosen on a selection that cannot be adapted: one run that failed before it started, saying why. */
function adaptRefused(prompt: string, problem: string, o: PlanOptions): Run {
  const id = (o.makeId ?? nextRunId)();
  const size = '1024x1024';
  const body = editRequest(ask(o, prompt, size, 'medium', 1));
  return { id, kind: 'adapt', turnId: id, prompt, sent: '', model: o.model, targetId: null, targetName: 'Adapt to sizes', size, quality: 'medium', n: 1, request: { route: 'edits', body, source: { nodeId: '', referenceIds: [], maskId: null, sendsFrame: true } }, status: 'failed', message: problem, images: [] };
}

/** With "render" on, the wireframe frames of the selection; the rest generate (anchored, when chosen, for a batch). */
export function planSelection(prompt: string, targets: readonly Target[], o: PlanOptions, d?: FromDesignOptions): Run[] {
  if (d?.adapt) {
    const chosen = adaptSelection(targets);
    return chosen.ok ? planAdapt(prompt, chosen.master, chosen.targets, o, d.adaptChoice) : [adaptRefused(prompt, chosen.problem, o)];
  }
  const wireframes = d?.render ? targets.filter(isWireframe) : [];
  const rest = targets.filter((t) => !wireframes.includes(t));
  const renders = wireframes.length > 0 ? planRender(prompt, wireframes, o, d?.replace) : [];
  if (wireframes.length > 0 && rest.length === 0) return renders;
  const others = d?.anchored && rest.length > 1 ? planAnchored(prompt, rest, o, d.anchorId) : planGeneration(prompt, rest, o);
  return [...renders, ...others];
}

/** How many input images the target's request sends (for the estimate): a wireframe's export, or the set's anchor. */
export function inputImagesOf(targets: readonly Target[], d?: FromDesignOptions): (target: Target) => number {
  if (d?.adapt) {
    const chosen = adaptSelection(targets);
    const adapted = new Set(chosen.ok ? chosen.targets.map((t) => t.id) : []);
    return (t) => (adapted.has(t.id) ? 1 : 0);
  }
  const wireframes = new Set(d?.render ? targets.filter(isWireframe).map((t) => t.id) : []);
  const rest = targets.filter((t) => !wireframes.has(t.id));
  const anchored = d?.anchored && rest.length > 1 ? new Set(rest.filter((t) => t.id !== (d.anchorId ?? rest[0]!.id)).map((t) => t.id)) : new Set<string>();
  return (t) => (wireframes.has(t.id) || anchored.has(t.id) ? 1 : 0);
}

/**
 * Re-adapt (issue 15): every frame adapted from the focused master (Focus.adapted, found by the main thread in their
 * threads) adapted again from the master's current image, in one action, with the current placement choice.
 */
export function planReadapt(master: Focus, o: PlanOptions, choice: AdaptChoice = DEFAULT_ADAPT_CHOICE): Run[] {
  // Each frame again with the words it was adapted with; one turn in the chat.
  const runs = (master.adapted ?? []).flatMap((f) => {
    const target: Target = { id: f.id, name: f.name, nodeType: 'FRAME', width: f.width, height: f.height, hasImageFill: true };
    return planAdapt(f.words, { id: master.nodeId, name: master.name }, [target], o, choice);
  });
  const turnId = runs[0]?.id ?? '';
  return runs.map((r) => ({ ...r, turnId, prompt: readaptLabel(master.name) }));
}
export const readaptLabel = (name: string): string => `Re-adapt “${name}”`;
