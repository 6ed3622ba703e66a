/**
 * The one model of image work in the UI: a `Run` is one request's worth of work for one frame (a generation, its
 * variations, an edit of the frame's image, a region edit, a conversation turn, an image reused from Recent), with
 * one status vocabulary. Runs are planned by ./plan.ts and executed by ./runner.ts; everything here is pure.
 */
import type { EditImageRequest, GenerateImageRequest, ImageUsage, Quality } from '../../contract/api';
import type { ResponsesRequest } from '../../contract/responses';
import type { Placement } from '../../core/adapt-geometry';
import type { ModelRef } from '../../core/models';
import type { PixelSize } from '../../core/sizing';
import type { AdaptedFrom, Engine } from '../../core/thread';

/**
 * `reading`: the frame's image is being read off the canvas (edits). `choosing`: variations arrived and wait for
 * the designer. `not-placed`: the image was made (and paid for) but the canvas refused it; it stays in the chat.
 */
export const RUN_STATUSES = ['reading', 'queued', 'running', 'choosing', 'applying', 'done', 'not-placed', 'failed', 'stopped'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** Still working: the run has its own Stop, and the prompt box offers Stop all. */
export const ACTIVE_STATUSES: ReadonlySet<RunStatus> = new Set<RunStatus>(['reading', 'queued', 'running']);
/** Nothing more happens unless the designer acts (a Quick Action, which cannot show a choice, ends on `choosing`). */
export const SETTLED_STATUSES: ReadonlySet<RunStatus> = new Set<RunStatus>(['choosing', 'done', 'not-placed', 'failed', 'stopped']);

/**
 * `generate`: a fresh image for a frame; `edit`: a new version of a frame's image; `reuse`: a kept image applied
 * again; `render`: a frame's own design (a wireframe, a sketch) rendered into a picture (frame to image, issue 15);
 * `adapt`: a master image recomposed to another frame's size, the margins extended by the model (issue 15).
 */
export const RUN_KINDS = ['generate', 'edit', 'reuse', 'render', 'adapt'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

const RUNNING_TEXT: Record<RunKind, string> = { generate: 'Generating…', edit: 'Editing…', reuse: 'Loading…', render: 'Rendering the frame…', adapt: 'Adapting…' };
const STATUS_TEXT: Record<Exclude<RunStatus, 'running'>, string> = {
  reading: 'Reading the frame…',
  queued: 'Queued',
  choosing: 'Pick a variation',
  applying: 'Placing on the canvas…',
  done: 'Done',
  'not-placed': 'Not placed',
  failed: 'Failed',
  stopped: 'Stopped',
};
export const statusText = (run: Pick<Run, 'kind' | 'status'>): string => (run.status === 'running' ? RUNNING_TEXT[run.kind] : STATUS_TEXT[run.status]);

/** What an edit reads off the canvas before it is sent: the frame's image, its references and its region. */
export interface EditSource {
  nodeId: string;
  referenceIds: string[];
  maskId: string | null;
  /** A continued conversation already holds the frame's image: only the references go along. */
  sendsFrame: boolean;
  /** Frame to image: the frame is exported as rendered, the frame itself this many pixels wide (the request's width). */
  exportWidth?: number;
  /** An anchored set: the anchor image goes first (instead of the frame's, when `sendsFrame` is false). */
  anchor?: Anchor;
  /** Adapt to sizes: `nodeId` is the master; its image is placed on the request's canvas and the margins masked. */
  adapt?: AdaptSource;
}

/** How a master is recomposed for one target (see core/adapt-geometry.ts). */
export interface AdaptSource {
  placement: Placement;
  /** The target frame on the canvas: past 1:3..3:1 the master goes inside the part its Fill shows. */
  frame: PixelSize;
}

/** The image a set is anchored on: the first finished image of a run of the same prompt, or a picked image layer. */
export type Anchor = { runId: string; name: string } | { nodeId: string; name: string };

/** The run whose first image a run waits for, if any. */
export const anchorRunOf = (run: Pick<Run, 'request'>): string | undefined => {
  const anchor = run.request.route === 'edits' ? run.request.source.anchor : undefined;
  return anchor && 'runId' in anchor ? anchor.runId : undefined;
};
export const waitsForAnchorText = (name: string): string => `Waits for the anchor image (“${name}”) to finish.`;
export const anchorFailedText = (name: string): string => `The anchor image (“${name}”) did not finish, so this frame was not sent. Retry the anchor; this frame follows it.`;

/** The request a run sends, its body typed by the contract; edits add the bytes read off the canvas (see ./bodies.ts). */
export type RunRequest =
  | { route: 'generations'; body: GenerateImageRequest }
  | { route: 'edits'; body: EditImageRequest; source: EditSource }
  /** The conversation engine: `body.input` is the text; the images go in once read. */
  | { route: 'responses'; body: ResponsesRequest; source: EditSource }
  /** An image already kept by the backend (`GET /v1/jobs/{id}/images/{i}`). */
  | { route: 'job-image'; url: string; jobId: string };

/** One image a run made, shown in the chat and kept to apply. */
export interface RunImage {
  /** The object URL shown in the chat; null while released (scrolled far out of view: see Runner.release). */
  url: string | null;
  /** The bytes to apply; null once they are not needed (its one image placed) or while released. */
  bytes: Uint8Array | null;
  width: number;
  height: number;
  /** The Responses id that made it (conversation engine), recorded with the version. */
  responseId?: string;
  /** Where the backend keeps it (`GET /v1/jobs/{id}/images/{i}`), to load it again when scrolled back. */
  kept?: string;
}

export interface Run {
  id: string;
  kind: RunKind;
  /** The prompt (turn) it belongs to: the runs of one prompt are shown together. */
  turnId: string;
  /** The designer's words. */
  prompt: string;
  /** The exact prompt sent (layer names, frame text, style lock, what an edit keeps), shown under the request. */
  sent: string;
  /** The model asked (its capabilities price the estimate and the usage). */
  model: ModelRef;
  /** The node to fill; null creates a new frame. */
  targetId: string | null;
  targetName: string;
  size: string;
  /** `auto` only for an image reused from a job that asked for it. */
  quality: Quality;
  /** Images asked for: more than one are variations, compared in the chat and applied by choice. */
  n: number;
  request: RunRequest;
  status: RunStatus;
  /** When it started running (ms), for the elapsed seconds on its row. */
  startedAt?: number;
  jobId?: string;
  partialUrl?: string;
  /** 0-based, as in OpenAI's `partial_image_index`. */
  partialIndex?: number;
  images: RunImage[];
  /** Which image is on the canvas, once one was applied. */
  applied?: number;
  usage?: ImageUsage;
  /** Why it failed, or a note (e.g. the frame was deleted but the image is kept). */
  message?: string;
  /**
   * After a failure with a known job: what the backend kept of it, asked once it answers again (issue 19).
   * `kept`: finished images to recover from Recent; `empty`: the job but no finished image; `gone`: no such job.
   */
  jobKept?: 'kept' | 'empty' | 'gone';
  /** It failed because the backend did not answer (or stopped answering): its job is looked up once it is back. */
  unreachable?: boolean;
  /** A layer the main thread hides with the image, in the same undo step (a region edit's mask shape). */
  hideAfter?: string;
  /**
   * With no target: the image goes in a new frame beside this source frame, so named (frame to image); `duplicate`:
   * that frame is a duplicate of the source, its layers included, its text layers given `texts` (Localise).
   */
  beside?: { sourceId: string; name: string; duplicate?: boolean; texts?: Record<string, string> };
  /** Adapt to sizes: the master's node id, recorded in the target's thread (with the master's version). */
  adaptedFrom?: Omit<AdaptedFrom, 'version'>;
}

/** The row's word on what the backend kept of a failed run's job. */
export const JOB_KEPT_TEXT: Record<NonNullable<Run['jobKept']>, string> = {
  kept: 'The backend kept this job: its finished images can be recovered from Recent.',
  empty: 'The backend kept this job but finished no image of it: Retry makes a new one.',
  gone: 'Not kept by the backend: Retry makes a new one.',
};

export const engineOf = (run: Pick<Run, 'request'>): Engine => (run.request.route === 'responses' ? 'responses' : 'images');
export const isActive = (run: Pick<Run, 'status'>): boolean => ACTIVE_STATUSES.has(run.status);

export function patchRun(runs: readonly Run[], id: string, patch: Partial<Run>): Run[] {
  return runs.map((r) => (r.id === id ? { ...r, ...patch } : r));
}

/** The runs of each prompt, in order, for the chat. */
export interface Turn {
  id: string;
  prompt: string;
  runs: Run[];
}
export function turnsOf(runs: readonly Run[]): Turn[] {
  const turns = new Map<string, Turn>();
  for (const run of runs) {
    const turn = turns.get(run.turnId) ?? { id: run.turnId, prompt: run.prompt, runs: [] };
    turn.runs.push(run);
    turns.set(run.turnId, turn);
  }
  return [...turns.values()];
}

/** The latest run for each target node, for the per-target status in the target list. */
export function latestByTarget(runs: readonly Run[]): Map<string, Run> {
  const latest = new Map<string, Run>();
  for (const run of runs) if (run.targetId !== null) latest.set(run.targetId, run);
  return latest;
}

/** Whole seconds since the run started, for its row. */
export const elapsedSeconds = (run: Pick<Run, 'startedAt'>, now: number): number | undefined =>
  run.startedAt === undefined ? undefined : Math.max(0, Math.floor((now - run.startedAt) / 1000));

let counter = 0;
export const nextRunId = (): string => `run-${Date.now().toString(36)}-${(counter++).toString(36)}`;
