/**
 * The part of the main thread <-> UI contract for prompts that know the design: the file's style lock (kept in
 * the document), the document's colours that can feed its palette, and the Quick Actions run. Re-exported by
 * ./messages.ts.
 */
import type { StyleLock } from '../core/prompt';

export type DesignMainToUi =
  | { type: 'design'; style: StyleLock; documentColors: string[] }
  /** Run from Quick Actions with a prompt typed inline: fill the selection with the UI hidden. */
  | { type: 'quick-action'; prompt: string }
  /** Cancel on the start notice: stop every run and cancel its job at the backend, then report (quick-action-done). */
  | { type: 'cancel-work' };
export type DesignUiToMain =
  | { type: 'save-style'; style: StyleLock }
  /** The quick action's work is over: the main thread reports it with figma.notify and closes the plugin. */
  | { type: 'quick-action-done'; filled: number; failed: number; message?: string };
