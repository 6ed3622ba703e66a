/**
 * The main thread's side of talking to a frame: it tells the UI which frame the selection focuses on (with its
 * thread), hands over image bytes and edit inputs, restores versions, and keeps the engine choice.
 */
import type { ConversationEngine, MainToUi, UiToMain } from '../contract/messages';
import type { ThreadUiToMain } from '../contract/thread-messages';
import { editInput } from './edit-input';
import { focusOf } from './focus';
import { restoreOnCanvas } from './thread';

export const ENGINE_KEY = 'figment.engine';

type Post = (message: MainToUi) => void;

export function postFocus(post: Post): void {
  post({ type: 'focus', focus: focusOf(figma.currentPage.selection) });
}

export async function loadEngine(): Promise<ConversationEngine> {
  return (await figma.clientStorage.getAsync(ENGINE_KEY)) === 'responses' ? 'responses' : 'images';
}

/** The engine and the focus; at start-up from the "Refine image" relaunch button, the frame it was pressed on. */
export async function postThreadState(post: Post): Promise<void> {
  post({ type: 'engine', engine: await loadEngine() });
  postFocus(post);
}

const THREAD_TYPES = new Set<string>(['get-thread-state', 'get-image-bytes', 'get-edit-input', 'restore-version', 'set-engine']);

export function isThreadMessage(message: UiToMain): message is ThreadUiToMain {
  return THREAD_TYPES.has(message.type);
}

export async function handleThreadMessage(message: ThreadUiToMain, post: Post): Promise<void> {
  switch (message.type) {
    case 'get-thread-state':
      await postThreadState(post);
      break;
    case 'get-image-bytes': {
      const image = figma.getImageByHash(message.hash);
      const bytes = image ? await image.getBytesAsync().catch(() => null) : null;
      post({ type: 'image-bytes', hash: message.hash, bytes });
      break;
    }
    case 'get-edit-input':
      post(await editInput(message));
      break;
    case 'restore-version': {
      const result = await restoreOnCanvas(message.nodeId, message.versionId);
      if (!result.ok) figma.notify(result.message, { error: true });
      postFocus(post);
      break;
    }
    case 'set-engine': {
      const engine: ConversationEngine = message.engine === 'responses' ? 'responses' : 'images';
      await figma.clientStorage.setAsync(ENGINE_KEY, engine);
      post({ type: 'engine', engine });
      break;
    }
  }
}
