/**
 * The plugin's main thread, in Figma's sandbox: no DOM and no network. It reports the selection, keeps the
 * settings and puts images on the canvas; the UI iframe does everything else.
 */
import type { MainToUi, MessageHandlers, UiToMain } from '../contract/messages';
import { dispatch } from '../core/dispatch';
import { applyImage } from './apply';
import { documentColors, loadStyle, saveStyle } from './design-context';
import { endPreview, restoreAllPreviews, showPreview } from './preview';
import { dropAllBesideFrames, dropBesideFrame, showBesidePreview } from './beside-preview';
import { createAdaptFrames } from './adapt';
import { loadSettings, saveSettings } from './settings';
import { describeSelection, factsOf } from './targets';
import { postFocus, postThreadState, threadHandlers } from './thread-handlers';
import { WINDOW_KEY, windowSize } from '../core/window-size';
import { dropHandler } from './drop';
import { loadRecentPrompts, rememberApplied, suggestPrompts } from './recent-prompts';
import { endStartNotice, forCommand, showStartNotice, startCommand } from './commands';
import { noticeApplied } from './applied-notice';
import { libraryHandlers } from './library';
import { recentHandlers } from './recent-file';

const post = (message: MainToUi) => figma.ui.postMessage(forCommand(message));
const selection = () => describeSelection(figma.currentPage.selection.map(factsOf));

/** Set when run from Quick Actions with a prompt: the UI stays hidden and fills the selection. */
let quickPrompt: string | undefined;
/**
 * Figma delivers selectionchange asynchronously, also while 'run' still waits to show the window; there is no UI to
 * tell then (postMessage before showUI throws), and `init` carries the selection once the UI is ready.
 */
let uiOpen = false;
/** The full window shows (not a hidden command): a placed image gets a notice with Undo or Open thread. */
let windowShown = false;

// Figma delivers Quick Actions parameters with 'run'; the UI must not be shown before it (or the quick action
// would not run). A plain run from the menu or a relaunch button opens the full window, at its remembered size.
// Menu and relaunch commands (src/commands.ts) open only the window they need, or none.
figma.on('run', async ({ command, parameters }: RunEvent) => {
  const prompt = typeof parameters?.prompt === 'string' ? parameters.prompt.trim() : '';
  const plan = await startCommand(command ?? '', prompt, selection().targets.length);
  if (plan.kind === 'finish') {
    figma.notify(plan.message, { error: plan.error });
    return figma.closePlugin();
  }
  quickPrompt = plan.kind === 'hidden' ? plan.prompt : undefined;
  figma.showUI(__html__, { ...windowSize(await figma.clientStorage.getAsync(WINDOW_KEY)), themeColors: true, title: 'Figment', visible: plan.kind === 'window' });
  uiOpen = true;
  windowShown = plan.kind === 'window';
  if (plan.kind === 'hidden' && (await loadSettings()).accessToken) showStartNotice(plan);
});

// What was typed, then the plugin's recent prompts and the starting points that match it (src/recent-prompts.ts).
// What was typed shows at once; the index is read from clientStorage, so the rest follows.
figma.parameters.on('input', ({ query, result }: ParameterInputEvent) => {
  result.setSuggestions(query.trim() ? [query.trim()] : []);
  void suggestPrompts(query).then((s) => result.setSuggestions(s), () => undefined);
});

// An image dragged out of the chat or Recent onto a layer (src/drop.ts).
figma.on('drop', dropHandler(post));

// Closing mid-stream must not leave a low-resolution partial as a frame's fill.
figma.on('close', () => {
  restoreAllPreviews();
  dropAllBesideFrames();
});

figma.on('selectionchange', () => {
  if (!uiOpen) return;
  postFocus(post);
  post({ type: 'selection', selection: selection() });
});

/** One handler per UI message (contract/messages.ts MessageHandlers): a message the contract adds needs one here. */
const handlers: MessageHandlers<UiToMain, Promise<void> | void> = {
  ...threadHandlers(post),
  ...libraryHandlers(post),
  ...recentHandlers(post),
  ready: async () => {
    post({ type: 'design', style: loadStyle(), documentColors: await documentColors() });
    await postThreadState(post); // engine and focused frame first: `init` stays the last word of start-up
    post({ type: 'recent-prompts', prompts: await loadRecentPrompts() });
    post({ type: 'init', settings: await loadSettings(), selection: selection() });
    if (quickPrompt) post({ type: 'quick-action', prompt: quickPrompt });
  },
  'quick-action-done': (message) => {
    endStartNotice();
    const { filled, failed } = message;
    const text = message.message ?? `Figment filled ${filled} ${filled === 1 ? 'frame' : 'frames'}${failed ? `; ${failed} failed (open Figment for details)` : ''}.`;
    figma.notify(text, { error: failed > 0 || filled === 0 });
    figma.closePlugin();
  },
  'save-style': async (message) => post({ type: 'design', style: saveStyle(message.style), documentColors: await documentColors() }),
  'save-settings': async (message) => post({ type: 'settings-saved', settings: await saveSettings(message.settings) }),
  'apply-image': async (message) => {
    const answer = await applyImage(message);
    await endPreview(message.requestId, answer.type === 'apply-failed');
    post(answer);
    if (answer.type === 'applied') await rememberApplied(message, answer.nodeId, post);
    if (windowShown && answer.type === 'applied') await noticeApplied(answer, () => {
      postFocus(post);
      post({ type: 'selection', selection: selection() });
    });
  },
  'preview-image': (message) => showPreview(message.requestId, message.nodeId, message.bytes),
  'preview-end': async (message) => {
    await endPreview(message.requestId, true);
    dropBesideFrame(message.requestId);
  },
  'create-adapt-frames': (message) => createAdaptFrames(message.masterId, message.frames),
  'preview-beside': (message) => showBesidePreview(message.requestId, message.beside, message.bytes),
  'resize-window': async (message) => {
    // Kept within bounds; remembered for the next run once the drag ends.
    const size = windowSize(message);
    figma.ui.resize(size.width, size.height);
    if (message.persist) await figma.clientStorage.setAsync(WINDOW_KEY, size);
  },
  'deselect-node': (message) => {
    figma.currentPage.selection = figma.currentPage.selection.filter((n) => n.id !== message.nodeId);
  },
  notify: (message) => {
    figma.notify(message.message, { error: message.error ?? false });
  },
};

figma.ui.onmessage = (message: UiToMain) => dispatch(handlers, message);
