/**
 * The plugin's main thread, in Figma's sandbox: no DOM and no network. It reports the selection, keeps the
 * settings and puts images on the canvas; the UI iframe does everything else.
 */
import type { MainToUi, UiToMain } from '../contract/messages';
import { applyImage } from './apply';
import { documentColors, loadStyle, saveStyle } from './design-context';
import { loadSettings, saveSettings } from './settings';
import { describeSelection, factsOf } from './targets';
import { handleThreadMessage, isThreadMessage, postFocus, postThreadState } from './thread-handlers';

const post = (message: MainToUi) => figma.ui.postMessage(message);
const selection = () => describeSelection(figma.currentPage.selection.map(factsOf));

figma.showUI(__html__, { width: 380, height: 620, themeColors: true, title: 'Figment' });

figma.on('selectionchange', () => postFocus(post));
figma.on('selectionchange', () => post({ type: 'selection', selection: selection() }));

figma.ui.onmessage = async (message: UiToMain) => {
  if (isThreadMessage(message)) return handleThreadMessage(message, post);
  switch (message.type) {
    case 'ready':
      post({ type: 'design', style: loadStyle(), documentColors: await documentColors() });
      await postThreadState(post); // engine and focused frame first: `init` stays the last word of start-up
      post({ type: 'init', settings: await loadSettings(), selection: selection() });
      break;
    case 'save-style':
      post({ type: 'design', style: saveStyle(message.style), documentColors: await documentColors() });
      break;
    case 'save-settings':
      post({ type: 'settings-saved', settings: await saveSettings(message.settings) });
      break;
    case 'apply-image':
      post(await applyImage(message));
      break;
    case 'notify':
      figma.notify(message.message, { error: message.error ?? false });
      break;
  }
};
