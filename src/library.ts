/**
 * Where the prompt library lives: "This file" in the document's shared plugin data (every build of Figment and
 * everyone who opens the file reads it; see ./document-data.ts), "Mine" in this user's clientStorage.
 */
import type { LibraryMainToUi, LibraryUiToMain } from '../contract/library-messages';
import type { MessageHandlers } from '../contract/messages';
import { parseStoredScope, storedScope, type Library } from '../core/library';
import { NAMESPACE } from './document-data';

export const FILE_LIBRARY_RECORD = 'library';
export const MY_LIBRARY_KEY = 'figment.library';

export async function loadLibrary(): Promise<Library> {
  return {
    file: parseStoredScope(figma.root.getSharedPluginData(NAMESPACE, FILE_LIBRARY_RECORD)),
    mine: parseStoredScope((await figma.clientStorage.getAsync(MY_LIBRARY_KEY)) as string | undefined),
  };
}

export function libraryHandlers(post: (message: LibraryMainToUi) => void): MessageHandlers<LibraryUiToMain, Promise<void>> {
  return {
    'get-library': async () => post({ type: 'library', library: await loadLibrary() }),
    'save-library': async ({ scope, entries }) => {
      // Entries are checked again here: the UI is a different program, and the document is everyone's.
      const clean = parseStoredScope(storedScope(entries));
      try {
        if (scope === 'file') figma.root.setSharedPluginData(NAMESPACE, FILE_LIBRARY_RECORD, storedScope(clean));
        else await figma.clientStorage.setAsync(MY_LIBRARY_KEY, storedScope(clean));
      } catch (error) {
        post({ type: 'library-failed', scope, message: `Figment could not keep the library: ${error instanceof Error ? error.message : String(error)}` });
        return;
      }
      post({ type: 'library', library: await loadLibrary() });
    },
  };
}
