/**
 * The prompt library in the UI: asked for when the Library opens, saved a scope at a time through the main thread
 * (which owns the document and clientStorage). Saving, deleting and importing compute the new scope here with the
 * pure functions of core/library.ts, so a refused import changes nothing anywhere.
 */
import { useState } from 'preact/hooks';
import type { LibraryMainToUi } from '../../contract/library-messages';
import type { MessageHandlers } from '../../contract/messages';
import { mergeImported, parseLibraryFile, withEntry, withoutEntry, type Library, type LibraryScope, type SavedPrompt } from '../../core/library';
import { postToMain } from '../bridge';

export type LibraryNotice = { kind: 'error' | 'done'; text: string } | null;

export function useLibrary() {
  const [library, setLibrary] = useState<Library | null>(null);
  const [notice, setNotice] = useState<LibraryNotice>(null);

  const handlers: MessageHandlers<LibraryMainToUi> = {
    library: (m) => setLibrary(m.library),
    'library-failed': (m) => setNotice({ kind: 'error', text: m.message }),
  };

  const store = (scope: LibraryScope, entries: SavedPrompt[], done: string) => {
    postToMain({ type: 'save-library', scope, entries });
    setNotice({ kind: 'done', text: done });
  };

  return {
    library,
    notice,
    handlers,
    load: () => postToMain({ type: 'get-library' }),
    save(scope: LibraryScope, entry: SavedPrompt) {
      if (!library) return;
      const next = withEntry(library[scope], entry);
      if (!next.ok) return setNotice({ kind: 'error', text: next.error });
      store(scope, next.value, `Saved "${entry.name}".`);
    },
    remove(scope: LibraryScope, name: string) {
      if (library) store(scope, withoutEntry(library[scope], name), `Deleted "${name}".`);
    },
    /** Reads an exported library file into `scope`: all of it, or nothing with the reason. */
    importFile(scope: LibraryScope, text: string) {
      if (!library) return;
      const read = parseLibraryFile(text);
      if (!read.ok) return setNotice({ kind: 'error', text: read.error });
      const merged = mergeImported(library[scope], read.value);
      if (!merged.ok) return setNotice({ kind: 'error', text: merged.error });
      const { added, replaced } = merged.value;
      store(scope, merged.value.entries, `Imported ${added + replaced} ${added + replaced === 1 ? 'prompt' : 'prompts'}${replaced ? ` (${replaced} replaced one of the same name)` : ''}.`);
    },
  };
}

export type LibraryState = ReturnType<typeof useLibrary>;
