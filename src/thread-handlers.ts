/**
 * The main thread's side of talking to a frame: it tells the UI which frame the selection focuses on (with its
 * thread), hands over image bytes and edit inputs, restores versions, and keeps the engine choice.
 */
import type { ConversationEngine, MainToUi, MessageHandlers } from '../contract/messages';
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

/** The handler of each thread message (see contract/messages.ts MessageHandlers); main.ts dispatches to them. */
export function threadHandlers(post: Post): MessageHandlers<ThreadUiToMain, Promise<void>> {
  return {
    'get-thread-state': () => postThreadState(post),
    'get-image-bytes': async (message) => {
      const image = figma.getImageByHash(message.hash);
      const bytes = image ? await image.getBytesAsync().catch(() => null) : null;
      post({ type: 'image-bytes', hash: message.hash, bytes });
    },
    'get-edit-input': async (message) => post(await editInput(message)),
    'restore-version': async (message) => {
      const result = await restoreOnCanvas(message.nodeId, message.versionId);
      if (!result.ok) figma.notify(result.message, { error: true });
      postFocus(post);
    },
    'set-engine': async (message) => {
      const engine: ConversationEngine = message.engine === 'responses' ? 'responses' : 'images';
      await figma.clientStorage.setAsync(ENGINE_KEY, engine);
      post({ type: 'engine', engine });
    },
  };
}
