import { useEffect, useState } from 'preact/hooks';
import { LIBRARY_SCOPES, libraryFile, SCOPE_LABELS, type LibraryScope, type SavedPrompt } from '../../core/library';
import type { LibraryState } from '../state/library-state';

interface Props {
  lib: LibraryState;
  /** The prompt in the box now; saving needs one. */
  draft: string;
  /** Builds the entry to save from the panel's current prompt, style lock, model and quality. */
  snapshot(name: string): SavedPrompt;
  onUse(entry: SavedPrompt): void;
}

/** A JSON file the browser saves; Figma's plugin iframe allows downloads through a link. */
function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function Scope({ scope, entries, lib, onUse }: { scope: LibraryScope; entries: SavedPrompt[]; lib: LibraryState; onUse(entry: SavedPrompt): void }) {
  const label = SCOPE_LABELS[scope];
  const headingId = `library-${scope}`;
  return (
    <section aria-labelledby={headingId} class="library-scope">
      <h3 id={headingId}>{label}</h3>
      {entries.length === 0 ? (
        <p class="hint">{scope === 'file' ? 'No prompts saved in this file yet: everyone who opens it sees the ones saved here.' : 'No prompts of your own yet: only you see these, in every file.'}</p>
      ) : (
        <ul class="library-list" aria-label={`${label} prompts`}>
          {entries.map((e) => (
            <li key={e.name}>
              <span class="library-name">{e.name}</span>
              <span class="dim library-prompt" title={e.prompt}>
                {e.prompt}
              </span>
              <button type="button" class="secondary" aria-label={`Use ${e.name}`} onClick={() => onUse(e)}>
                Use
              </button>
              <button type="button" class="secondary" aria-label={`Delete ${e.name} from ${label}`} onClick={() => lib.remove(scope, e.name)}>
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="library-file">
        <button type="button" class="secondary" disabled={entries.length === 0} onClick={() => download(`figment-prompts-${scope}.json`, libraryFile(entries))}>
          Export {label.toLowerCase()}
        </button>
        <label class="file-button">
          Import into {label.toLowerCase()}
          <input
            type="file"
            accept="application/json,.json"
            onChange={async (ev) => {
              const input = ev.currentTarget;
              const file = input.files?.[0];
              if (file) lib.importFile(scope, await file.text());
              input.value = '';
            }}
          />
        </label>
      </div>
    </section>
  );
}

/**
 * Saved prompts (issue 16): the current prompt with its style lock, model and quality saved under a name, in this
 * file (for everyone who opens it) or for me; used again in one action; shared as a small JSON file.
 */
export function Library({ lib, draft, snapshot, onUse }: Props) {
  const [name, setName] = useState('');
  const [scope, setScope] = useState<LibraryScope>('file');
  useEffect(() => lib.load(), []);
  if (!lib.library) return <p class="dim">Loading the library…</p>;
  const canSave = name.trim() !== '' && draft.trim() !== '';
  const save = () => {
    if (!canSave) return;
    lib.save(scope, snapshot(name));
    setName('');
  };
  // Not a <form>: Figma's plugin iframe is sandboxed without allow-forms, so a submission would be blocked.
  return (
    <div class="library">
      <div class="library-save" role="group" aria-label="Save the prompt">
        <label>
          Name
          <input
            type="text"
            value={name}
            maxLength={80}
            onInput={(e) => setName(e.currentTarget.value)}
            onKeyDown={(e) => e.key === 'Enter' && save()}
            placeholder="e.g. Summer sale hero"
          />
        </label>
        <label>
          Save to
          <select value={scope} onChange={(e) => setScope(e.currentTarget.value as LibraryScope)}>
            {LIBRARY_SCOPES.map((s) => (
              <option key={s} value={s}>
                {SCOPE_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" class="secondary" onClick={save} disabled={!canSave} aria-describedby={draft.trim() ? undefined : 'library-needs-prompt'}>
          Save prompt
        </button>
        {!draft.trim() && (
          <p id="library-needs-prompt" class="hint">
            Type a prompt first: it is saved with the style lock, model and quality.
          </p>
        )}
      </div>
      {lib.notice && (
        <p class={lib.notice.kind === 'error' ? 'error' : 'hint'} role={lib.notice.kind === 'error' ? 'alert' : 'status'}>
          {lib.notice.text}
        </p>
      )}
      {LIBRARY_SCOPES.map((s) => (
        <Scope key={s} scope={s} entries={lib.library![s]} lib={lib} onUse={onUse} />
      ))}
    </div>
  );
}
