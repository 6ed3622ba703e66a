/**
 * The notice after an image lands on the canvas while the window is open, with the one action Figma allows on a
 * notice (typings, NotificationOptions.button: `{ text, action: () => boolean | void }`):
 * - Undo, when the frame is in the selection (the designer is looking at it): `figma.triggerUndo()` takes back the
 *   apply's one undo step (fill, version record and a hidden mask shape together, see src/apply.ts).
 * - Open thread, when the selection moved on during the wait: selects the frame, so the window shows its thread.
 * One such notice at a time: a newer image replaces the last one's.
 */
import type { MainToUi } from '../contract/messages';

type Applied = Extract<MainToUi, { type: 'applied' }>;

/** How long the notice stays up (Figma's default is 3 s, short for reaching a button). */
export const APPLIED_NOTICE_MS = 8000;

let shown: NotificationHandler | undefined;

const quoted = (name: string) => `“${name}”`;

/** `changed`: the canvas or the selection changed behind the window's back (an undo): tell the window again. */
export async function noticeApplied(answer: Applied, changed: () => void): Promise<void> {
  const node = await figma.getNodeByIdAsync(answer.nodeId);
  if (!node || node.removed) return;
  shown?.cancel();
  const selected = figma.currentPage.selection.some((n) => n.id === node.id);
  const message = answer.created ? `Placed in a new frame, ${quoted(node.name)}.` : `Placed on ${quoted(node.name)}.`;
  const button = selected
    ? {
        text: 'Undo',
        action: () => {
          shown = undefined;
          figma.triggerUndo();
          changed();
        },
      }
    : {
        text: 'Open thread',
        action: () => {
          shown = undefined;
          if (node.removed || node.type === 'DOCUMENT' || node.type === 'PAGE') return;
          figma.currentPage.selection = [node as SceneNode];
        },
      };
  shown = figma.notify(message, { timeout: APPLIED_NOTICE_MS, button });
}
