/**
 * The part of the main thread <-> UI contract for the prompt library: the UI asks for it when the Library opens
 * (never at start-up), and saves a whole scope at a time. Re-exported by ./messages.ts.
 */
import type { Library, LibraryScope, SavedPrompt } from '../core/library';

export type LibraryMainToUi =
  | { type: 'library'; library: Library }
  /** A save the main thread could not keep (e.g. the file is read-only): the library is unchanged. */
  | { type: 'library-failed'; scope: LibraryScope; message: string };
export type LibraryUiToMain =
  | { type: 'get-library' }
  /** Replaces the scope's entries; answered with `library` (or `library-failed`). */
  | { type: 'save-library'; scope: LibraryScope; entries: SavedPrompt[] };
