/**
 * The one planner: the selection (or the focused frame), the prompt and the options become the runs to start, each
 * sized, priced and with its request body typed by the contract. Adding a kind of work is a contract type, a
 * function here and one control. Pure.
 */
import { QUALITIES, type Complexity, type JobInfo, type Quality } from '../../contract/api';
import type { KeptImage } from '../../contract/drop-messages';
import type { Focus, Target } from '../../contract/messages';
import type { PlannedRun } from '../../core/estimate';
import { resolveModel, type ModelInfo, type ModelRef } from '../../core/models';
import { NEW_FRAME_EDGE } from '../../core/new-frame';
import { FINISHING_LABELS, fixTextChange, REMOVE_BACKGROUND_CHANGE, type FinishingAction } from '../../core/finishing';
import { editPrompt } from '../../core/prompt';
import { defaultQualityFor, requestSizeFor, type ConcreteQuality } from '../../core/sizing';
import { currentVersion, type Engine } from '../../core/thread';
import { promptFor, type DesignOptions } from '../state/design-state';
import { conversationRequest, editRequest, generationRequest, type ImageAsk } from './bodies';
import { keptOfJob } from './reuse';
import { nextRunId, type Run, type RunKind } from './run';
import { planSelection, type FromDesignOptions } from './plan-design';

/**
 * With nothing selected, the main thread creates a frame of at most 512 px for the image (core/new-frame.ts); at the
 * usual 2x density that frame gets a 1024x1024 image at medium quality.
 */
export const NEW_FRAME_TARGET = { id: null, name: 'New frame', width: NEW_FRAME_EDGE, height: NEW_FRAME_EDGE } as const;

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

/** The target has copy to render ("Use this frame's text" is on and it has text layers). */
export const hasCopy = (target: Pick<Target, 'text'>, design: Pick<DesignOptions, 'useFrameText'>): boolean => design.useFrameText && (target.text?.length ?? 0) > 0;

/** What the next prompt asks for besides the words. */
export interface PlanOptions {
  /** The model the next prompt uses (the draft model for generations, the edit model for edits). */
  model: ModelInfo;
  /** Variations wanted (one frame's generation, or an edit). */
  variations: number;
  design: DesignOptions;
  complexity?: Complexity;
  overrides: QualityOverrides;
  makeId?: () => string;
  /** A region edit hides its mask shape in the same undo step as the new image ("Hide the mask shape after"). */
  hideMask?: boolean;
}

/** A target (or the new frame) with the size and quality its request asks for. */
export interface SizedTarget {
  target: { id: string | null; name: string };
  size: string;
  quality: ConcreteQuality;
}

/** Each target (or one new frame) sized by its frame at its quality (see qualityFor). */
export function sizeTargets(targets: readonly Target[], model: ModelRef, overrides: QualityOverrides = new Map(), copy: (t: Target) => boolean = () => false) {
  const list: ReadonlyArray<Target | typeof NEW_FRAME_TARGET> = targets.length > 0 ? targets : [NEW_FRAME_TARGET];
  return list.map((target) => {
    const quality = qualityFor(target, overrides, model, target.id !== null && copy(target as Target));
    return { target, size: requestSizeFor(model, target.width, target.height, quality), quality };
  });
}

/** What the next prompt will send, as its estimate counts it (the targets list and its one-line summary). */
export interface NextPrompt {
  targets: readonly Target[];
  /** The frame the next prompt edits, if any: one edit at its own size, its current image an unpriced input. */
  focus: Pick<Focus, 'nodeId' | 'width' | 'height'> | null;
  model: ModelRef;
  /** Variations asked for: an edit's, or one frame's generation (a batch or an adapt makes one image a frame). */
  variations: number;
  overrides: QualityOverrides;
  /** Targets with copy to render (never low quality by default). */
  hasCopy?: (t: Target) => boolean;
  /** Input images each target's request sends at its size (frame to image, anchored sets, adapt). */
  inputImages?: (t: Target) => number;
  adapting?: boolean;
}

/** The runs the next prompt would plan, as core/estimate.ts prices and times them. */
export function nextRuns(p: NextPrompt): PlannedRun[] {
  if (p.focus) {
    const quality = qualityFor({ id: p.focus.nodeId, width: p.focus.width, height: p.focus.height }, p.overrides, p.model);
    return [{ model: p.model, n: p.variations, quality, size: requestSizeFor(p.model, p.focus.width, p.focus.height, quality), unpricedInputs: true }];
  }
  const n = takesVariations(p.targets.length) && !p.adapting ? p.variations : 1;
  return sizeTargets(p.targets, p.model, p.overrides, p.hasCopy).map(({ target, size, quality }) => {
    const inputs = target.id !== null && p.inputImages ? p.inputImages(target as Target) : 0;
    return { model: p.model, n, quality, size, ...(inputs > 0 ? { inputImages: Array<string>(inputs).fill(size) } : {}) };
  });
}

/** What a planner says of each run of a turn; the rest (ids, the turn, the target, size and quality) is common. */
type RunSpecifics = Pick<Run, 'sent' | 'request' | 'status'> & Partial<Run>;

/**
 * The runs of one turn, one per sized target: the first run's id is the turn's, each fills its target at its size
 * and quality with one image unless `each` says otherwise (`each` may also override the target, e.g. a new frame).
 */
export function turnRuns<S extends SizedTarget>(kind: RunKind, prompt: string, sized: readonly S[], o: Pick<PlanOptions, 'model' | 'makeId'>, each: (s: S) => RunSpecifics): Run[] {
  const makeId = o.makeId ?? nextRunId;
  const turnId = makeId();
  return sized.map((s, i) => ({
    id: i === 0 ? turnId : makeId(),
    kind,
    turnId,
    prompt,
    model: o.model,
    targetId: s.target.id,
    targetName: s.target.name,
    size: s.size,
    quality: s.quality,
    n: 1,
    images: [],
    ...each(s),
  }));
}

export const transparentFor = (o: PlanOptions) => (o.design.transparent && o.model.transparentBackground ? ('transparent' as const) : undefined);

export function ask(o: PlanOptions, prompt: string, size: string, quality: ConcreteQuality, n: number, complexity = o.complexity): ImageAsk {
  const background = transparentFor(o);
  return { model: o.model, prompt, size, quality, n, ...(complexity ? { complexity } : {}), ...(background ? { background } : {}) };
}

/** A generation: one run per target (or a new frame), with the target's own prompt (layer name, text, style). */
export function planGeneration(prompt: string, targets: readonly Target[], o: PlanOptions): Run[] {
  const n = takesVariations(targets.length) ? o.variations : 1;
  const design = { ...o.design, transparent: transparentFor(o) !== undefined };
  return turnRuns('generate', prompt, sizeTargets(targets, o.model, o.overrides, (t) => hasCopy(t, design)), o, ({ target, size, quality }) => {
    const sent = promptFor(prompt, target.id === null ? null : (target as Target), design);
    return { sent, n, request: { route: 'generations', body: generationRequest(ask(o, sent, size, quality, n)) }, status: 'queued' };
  });
}

/**
 * An edit of the focused frame's current image, on the engine chosen: what changes and everything that stays, the
 * images labelled in the order they are sent (OpenAI's guide); a continued conversation already holds the frame's
 * image, so only references go. A region that cannot be edited makes a run that failed before it started.
 */
export function planEdit(prompt: string, focus: Focus, engine: Engine, o: PlanOptions): Run {
  const id = (o.makeId ?? nextRunId)();
  const quality = qualityFor({ id: focus.nodeId, width: focus.width, height: focus.height }, o.overrides, o.model);
  const size = requestSizeFor(o.model, focus.width, focus.height, quality);
  const current = currentVersion(focus.thread);
  const previousResponseId = engine === 'responses' && current?.engine === 'responses' ? current.responseId : undefined;
  const references = focus.references.slice(0, o.model.maxEditImages - 1);
  const labels = references.map((r) => ({ role: 'reference' as const, name: r.name }));
  const transparent = transparentFor(o) !== undefined;
  const sent = editPrompt({
    change: prompt,
    subject: focus.thread.versions[0]?.prompt,
    style: o.design.style,
    images: previousResponseId ? labels : [{ role: 'current' }, ...labels],
    transparent,
  });
  const source = { nodeId: focus.nodeId, referenceIds: references.map((r) => r.id), maskId: focus.mask?.id ?? null, sendsFrame: !previousResponseId };
  const run: Run = {
    id,
    kind: 'edit',
    turnId: id,
    prompt,
    sent,
    model: o.model,
    targetId: focus.nodeId,
    targetName: focus.name,
    size,
    quality,
    n: o.variations,
    request:
      engine === 'responses'
        ? { route: 'responses', body: conversationRequest(ask(o, sent, size, quality, o.variations), previousResponseId), source }
        : { route: 'edits', body: editRequest(ask(o, sent, size, quality, o.variations)), source },
    status: 'reading',
    images: [],
    ...(o.hideMask && focus.mask ? { hideAfter: focus.mask.id } : {}),
  };
  return focus.maskProblem ? { ...run, status: 'failed', message: focus.maskProblem } : run;
}

/**
 * An image the backend kept (Recent), put on each selected frame again (or a new frame), as it was made; the version
 * it makes records the job's prompt when it is known (the backend's, or the plugin's own index).
 */
export function planReuse(job: JobInfo, targets: readonly Target[], prompt?: string, makeId: () => string = nextRunId): Run[] {
  const image = keptOfJob(job, prompt ?? job.prompt);
  return image ? planKept(image, targets, makeId) : [];
}

/** A kept image (from Recent, or dragged out of the chat or Recent onto a layer) put on each target, or a new frame. */
export function planKept(image: KeptImage, targets: readonly Target[], makeId: () => string = nextRunId): Run[] {
  const turnId = makeId();
  const quality: Quality = (QUALITIES as readonly string[]).includes(image.quality) ? (image.quality as Quality) : 'auto';
  const list: ReadonlyArray<{ id: string | null; name: string }> = targets.length > 0 ? targets : [NEW_FRAME_TARGET];
  return list.map((target, i) => ({
    id: i === 0 ? turnId : makeId(),
    kind: 'reuse',
    turnId,
    prompt: image.prompt ?? 'Figment image',
    sent: '',
    model: image.model,
    targetId: target.id,
    targetName: target.name,
    size: image.size,
    quality,
    n: 1,
    request: { route: 'job-image', url: image.url, jobId: image.jobId },
    status: 'queued',
    jobId: image.jobId,
    images: [],
  }));
}

/** What the prompt does to a filled (focused) frame: a new version edited from its image, or a fresh image. */
export const PROMPT_MODES = ['edit', 'new'] as const;
export type PromptMode = (typeof PROMPT_MODES)[number];

/** The selection as the target list shows it: a region's mask shape goes along with the edit, it is no target. */
export function withoutMask<S extends { targets: readonly Target[] }>(selection: S, focus: Focus | null): S {
  const mask = focus?.mask?.id;
  return mask && selection.targets.some((t) => t.id === mask) ? { ...selection, targets: selection.targets.filter((t) => t.id !== mask) } : selection;
}

/** The focused frame as a generation's target (as the selection lists it, when it does). */
export function focusTarget(focus: Focus, targets: readonly Target[]): Target {
  return targets.find((t) => t.id === focus.nodeId) ?? { id: focus.nodeId, name: focus.name, nodeType: 'FRAME', width: focus.width, height: focus.height, hasImageFill: true };
}

/**
 * The runs a prompt starts: on a focused (filled) frame, an edit of its image, or with `mode` 'new' a fresh
 * generation for that frame alone, which lands as the frame's next version; otherwise a generation per target.
 */
export function planPrompt(prompt: string, at: { focus: Focus | null; targets: readonly Target[]; engine: Engine; mode: PromptMode; fromDesign?: FromDesignOptions }, o: PlanOptions): Run[] {
  if (!at.focus || at.fromDesign?.adapt) return planSelection(prompt, at.targets, o, at.fromDesign);
  if (at.mode === 'new') return planGeneration(prompt, [focusTarget(at.focus, at.targets)], o);
  return [planEdit(prompt, at.focus, at.engine, o)];
}

/**
 * A finishing action on the focused image layer (issue 16): an Images edit of its current image with the action's
 * own change, one image, recorded in the layer's thread under the action's name. Remove background asks for a
 * transparent background, so it needs a model that can make one (the caller offers one: core/finishing.ts). Both
 * run on the Images engine: a stateless edit of what is on the canvas, whatever made it.
 */
export function planFinish(action: FinishingAction, focus: Focus, o: PlanOptions, copy: readonly string[] = []): Run {
  const transparent = action === 'remove-background';
  const change = transparent ? REMOVE_BACKGROUND_CHANGE : fixTextChange(copy);
  // The layer alone: no references; Fix the text keeps a region drawn over the text, Remove background needs all of it.
  const subject: Focus = transparent ? { ...focus, references: [], mask: null, maskProblem: undefined } : { ...focus, references: [] };
  const run = planEdit(change, subject, 'images', { ...o, variations: 1, design: { ...o.design, transparent } });
  const named = { ...run, prompt: FINISHING_LABELS[action] };
  if (transparent && !o.model.transparentBackground) return { ...named, status: 'failed', message: `${o.model.label} cannot make a transparent background: choose a model that can.` };
  return named;
}
