/**
 * The plugin's menu and relaunch commands (issue 19): manifest.json `menu` and `relaunchButtons`, told apart by
 * `figma.command`. Each shows no more UI than it needs: Generate, Regenerate and Edit region run in a hidden
 * window that does the work and reports with a notice (as Quick Actions always did); Restore previous version
 * needs no window at all; Variations and Refine open the panel, because choosing among takes needs it.
 */
import type { MainToUi } from '../contract/messages';
import type { Focus } from '../contract/thread-messages';
import { focusOf } from './focus';
import { restoreOnCanvas } from './thread';

export const COMMAND = {
  open: 'open',
  generate: 'generate',
  regenerate: 'regenerate',
  variations: 'variations',
  editRegion: 'edit-region',
  restorePrevious: 'restore-previous',
  refine: 'refine',
} as const;

export type CommandPlan =
  /** The full window (a plain run, Open, Refine, Variations). */
  | { kind: 'window' }
  /** A hidden window sends `prompt` for the selection; `fresh`: a new image even for a filled frame, never an edit. */
  | { kind: 'hidden'; prompt: string; fresh: boolean; notice: string }
  /** Nothing to open: say why (or what was done) and close. */
  | { kind: 'finish'; message: string; error: boolean };

const quoted = (name: string) => `“${name}”`;
const frames = (n: number) => (n === 0 ? 'a new frame' : n === 1 ? 'the selected frame' : `${n} frames`);

/** What `command` does with this selection. Pure: the selection comes as its focus and its number of targets. */
export function planCommand(command: string, prompt: string, focus: Focus | null, targets: number): CommandPlan {
  const finish = (message: string): CommandPlan => ({ kind: 'finish', message, error: true });
  switch (command) {
    case COMMAND.generate:
      if (!prompt) return { kind: 'window' };
      return { kind: 'hidden', prompt, fresh: true, notice: `Figment is generating ${frames(targets)}…` };
    case COMMAND.regenerate: {
      const current = focus?.thread.versions.find((v) => v.id === focus.thread.current);
      if (!focus || !current) return finish('Select a frame Figment filled to regenerate it.');
      return { kind: 'hidden', prompt: current.prompt, fresh: true, notice: `Figment is regenerating ${quoted(focus.name)}…` };
    }
    case COMMAND.editRegion:
      if (!focus) return finish('Select the frame with its image and a shape drawn over the part to change.');
      if (!focus.mask) return finish(`Draw a shape over the part of ${quoted(focus.name)} to change, and select it with the frame.`);
      if (focus.maskProblem) return finish(focus.maskProblem);
      if (!prompt) return { kind: 'window' };
      return { kind: 'hidden', prompt, fresh: false, notice: `Figment is editing the region of ${quoted(focus.name)}…` };
    case '':
      // A run with a Quick Actions prompt and no menu command (a build without the menu): fill or edit, as ever.
      return prompt ? { kind: 'hidden', prompt, fresh: false, notice: `Figment is working on ${frames(targets)}…` } : { kind: 'window' };
    default:
      return { kind: 'window' };
  }
}

/** Restore previous version: puts the current version's parent back on the canvas, with no window. */
export async function restorePrevious(focus: Focus | null): Promise<{ message: string; error: boolean }> {
  const current = focus?.thread.versions.find((v) => v.id === focus.thread.current);
  if (!focus || !current) return { message: 'Select a frame Figment filled to restore its previous version.', error: true };
  if (current.parent === null) return { message: `${quoted(focus.name)} has no earlier version.`, error: true };
  const result = await restoreOnCanvas(focus.nodeId, current.parent);
  return result.ok ? { message: `Restored v${current.parent} of ${quoted(focus.name)}.`, error: false } : { message: result.message, error: true };
}

/** The command the plugin was started with, planned against the current selection (restoring right away when asked). */
export async function startCommand(command: string, prompt: string, targets: number): Promise<CommandPlan> {
  const focus = focusOf(figma.currentPage.selection);
  if (command === COMMAND.restorePrevious) return { kind: 'finish', ...(await restorePrevious(focus)) };
  return planCommand(command, prompt, focus, targets);
}

let notice: NotificationHandler | undefined;
/** A fresh generation: the hidden window must not hear of a focus, or its prompt would edit the frame. */
let hideFocus = false;

/**
 * The start notice of hidden work: what is being made, with Cancel (the UI stops its runs and cancels their jobs at
 * the backend, then the plugin closes; an image the backend already finished stays in Recent). Stays up until the
 * work reports.
 */
/** How long Cancel waits for the UI to cancel the backend's jobs before it closes the plugin regardless. */
export const CANCEL_GRACE_MS = 3000;
let cancelTimer: ReturnType<typeof setTimeout> | undefined;

export function showStartNotice(plan: Extract<CommandPlan, { kind: 'hidden' }>): void {
  hideFocus = plan.fresh;
  notice = figma.notify(plan.notice, {
    timeout: Infinity,
    button: {
      text: 'Cancel',
      action: () => {
        notice = undefined;
        // Closing alone would leave the backend finishing (and billing) the jobs: the UI cancels them first and
        // reports; a UI that does not answer in time is closed anyway.
        figma.ui.postMessage({ type: 'cancel-work' } satisfies MainToUi);
        cancelTimer = setTimeout(() => figma.closePlugin('Figment stopped.'), CANCEL_GRACE_MS);
      },
    },
  });
}

/** Takes the start notice down (the work has reported). */
export function endStartNotice(): void {
  if (cancelTimer !== undefined) clearTimeout(cancelTimer);
  cancelTimer = undefined;
  notice?.cancel();
  notice = undefined;
}

/** A message to the window as this command wants it seen (see `hideFocus`). */
export function forCommand(message: MainToUi): MainToUi {
  return hideFocus && message.type === 'focus' ? { ...message, focus: null } : message;
}
