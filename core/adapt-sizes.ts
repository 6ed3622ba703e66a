/**
 * Adapt one image to many sizes (issue 15, part 2), the words and choices around core/adapt-geometry.ts: the preset
 * set of common social and ad sizes, the placement choices as the prompt area offers them, which selected frame is
 * the master and which are its targets, and the prompt. Pure.
 */
import { ratioLimit, type Placement, type Point } from './adapt-geometry';

export interface AdaptPreset {
  id: string;
  label: string;
  width: number;
  height: number;
}

/**
 * Common social and ad sizes, in canvas units (pixels at 1x). Each is checked against GPT Image's 1:3..3:1 by
 * `presetNote`: 728x90 (about 8:1) is past it, so its picture is made at 3:1 and the frame's Fill crops its top and
 * bottom; the master is placed inside the part that shows (adaptGeometry's `frame`).
 */
export const ADAPT_PRESETS: readonly AdaptPreset[] = [
  { id: 'square', label: 'Square post', width: 1080, height: 1080 },
  { id: 'story', label: 'Story', width: 1080, height: 1920 },
  { id: 'link', label: 'Link ad', width: 1200, height: 628 },
  { id: 'wide', label: 'Widescreen', width: 1600, height: 900 },
  { id: 'rectangle', label: 'Medium rectangle', width: 300, height: 250 },
  { id: 'leaderboard', label: 'Leaderboard', width: 728, height: 90 },
];

/** A preset's name for its new frame and its control: "<master> / Story 1080×1920". */
export const presetLabel = (p: Pick<AdaptPreset, 'label' | 'width' | 'height'>): string => `${p.label} ${p.width}×${p.height}`;

/** What happens to a preset past the model's aspect limit (null within it). */
export const presetNote = (p: Pick<AdaptPreset, 'width' | 'height'>): string | null => ratioLimit(p);

/**
 * The placement choices. `fit`: the whole master, centred; `anchor`: the whole master, its subject at the same
 * relative place on the target; `cover`: the target filled, the master cropped around its subject, nothing extended.
 */
export const PLACEMENT_KINDS = ['fit', 'anchor', 'cover'] as const;
export type PlacementKind = (typeof PLACEMENT_KINDS)[number];
export const PLACEMENT_LABELS: Record<PlacementKind, string> = {
  fit: 'Fit inside, centred',
  anchor: 'Anchored where the subject is',
  cover: 'Fill, cropped around the subject',
};

/** Where the subject is in the master, as the user says it (the model is not asked: the choice is the designer's). */
export const SUBJECT_PLACES = {
  centre: { label: 'Centre', x: 0.5, y: 0.5 },
  top: { label: 'Top', x: 0.5, y: 0.2 },
  bottom: { label: 'Bottom', x: 0.5, y: 0.8 },
  left: { label: 'Left', x: 0.2, y: 0.5 },
  right: { label: 'Right', x: 0.8, y: 0.5 },
} as const satisfies Record<string, Point & { label: string }>;
export type SubjectPlace = keyof typeof SUBJECT_PLACES;

/**
 * With "crop narrower targets" on, at most this much of the master's width (or height) is cut around the subject
 * where the target is narrower (or flatter); the model extends the rest. Off: the whole master is kept and the model
 * recomposes around it.
 */
export const ADAPT_MAX_CROP = 0.3;

export interface AdaptChoice {
  kind: PlacementKind;
  subject: SubjectPlace;
  /** Crop the master around its subject first where the target is narrower or flatter (fit and anchor). */
  crop: boolean;
}
export const DEFAULT_ADAPT_CHOICE: AdaptChoice = { kind: 'fit', subject: 'centre', crop: false };

export function placementOf(choice: AdaptChoice): Placement {
  const { x, y } = SUBJECT_PLACES[choice.subject];
  const interest = { x, y };
  if (choice.kind === 'cover') return { kind: 'cover', interest };
  const maxCrop = choice.crop ? ADAPT_MAX_CROP : 0;
  return choice.kind === 'anchor' ? { kind: 'anchor', interest, maxCrop } : { kind: 'fit', interest, maxCrop };
}

/** What the choice does where a target is narrower (or flatter) than the master, in words for the prompt area. */
export function narrowerText(choice: AdaptChoice): string {
  if (choice.kind === 'cover') return 'Each target is filled: the master is cropped around the subject, and nothing is extended.';
  return choice.crop
    ? `Where a target is narrower than the master, up to ${Math.round(ADAPT_MAX_CROP * 100)} % of it is cropped around the subject first; the model extends the rest.`
    : 'The whole master is kept in every target; the model extends the scene into the margins.';
}

/** The frames a selection adapts: its one image-filled frame is the master, the others its targets. */
export type AdaptSelection<T> = { ok: true; master: T; targets: T[] } | { ok: false; problem: string };

export function adaptSelection<T extends { hasImageFill: boolean }>(targets: readonly T[]): AdaptSelection<T> {
  const filled = targets.filter((t) => t.hasImageFill);
  if (filled.length === 0) return { ok: false, problem: 'The master has no image: select one frame filled with an image, and the empty frames to adapt it to.' };
  if (filled.length > 1) return { ok: false, problem: `${filled.length} selected frames have images: select one (the master) and empty frames to adapt it to.` };
  const rest = targets.filter((t) => t !== filled[0]);
  if (rest.length === 0) return { ok: false, problem: 'Select the empty frames to adapt the master to, or add preset sizes beside it.' };
  return { ok: true, master: filled[0]!, targets: rest };
}

/** The edit's prompt: extend the scene around what is there, then the user's words. */
export function adaptPrompt(words: string): string {
  return ['Extend the scene; keep everything already there unchanged.', words.trim()].filter(Boolean).join('\n');
}

/** Whether the selection is one to offer "Adapt to sizes" on: an image-filled frame and at least one more frame. */
export const canAdapt = (targets: ReadonlyArray<{ hasImageFill: boolean }>): boolean => targets.length > 1 && targets.some((t) => t.hasImageFill);
