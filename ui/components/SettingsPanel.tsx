import { useEffect, useRef, useState } from 'preact/hooks';
import type { StoredSettings } from '../../contract/messages';
import { backendUrlProblem } from '../network';
import { normalizeBackendUrl } from '../../core/network-access';

interface Props {
  settings: StoredSettings;
  onSave(settings: StoredSettings): void;
}

/**
 * Backend URL and access token; the main thread keeps them in figma.clientStorage. Saves on click or Enter,
 * never through form submission: Figma's iframe is sandboxed without `allow-forms`, where submit never fires.
 * Opening it puts the focus in its first field.
 */
export function SettingsPanel({ settings, onSave }: Props) {
  const [backendUrl, setBackendUrl] = useState(settings.backendUrl);
  const [accessToken, setAccessToken] = useState(settings.accessToken);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const url = normalizeBackendUrl(backendUrl);
  const wellFormed = /^https?:\/\/[^\s/]+/i.test(url);
  // A URL the manifest does not allow would fail in Figma with a CSP error: refused here, with the way out.
  const blocked = wellFormed ? backendUrlProblem(url) : null;
  const valid = wellFormed && blocked === null;
  const save = () => {
    if (valid) onSave({ backendUrl: url, accessToken: accessToken.trim() });
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && !e.isComposing) {
      e.preventDefault();
      save();
    }
  };
  return (
    <section class="settings" aria-label="Settings">
      <label>
        Backend URL
        <input
          ref={first}
          type="url"
          value={backendUrl}
          onInput={(e) => setBackendUrl(e.currentTarget.value)}
          onKeyDown={onKeyDown}
          aria-invalid={!valid}
          spellcheck={false}
        />
      </label>
      {!wellFormed && <p class="error">Enter the backend address, starting with http:// or https://.</p>}
      {blocked && <p class="error" role="alert">{blocked}</p>}
      <label>
        Access token
        <input
          type="password"
          value={accessToken}
          onInput={(e) => setAccessToken(e.currentTarget.value)}
          onKeyDown={onKeyDown}
          autoComplete="off"
          spellcheck={false}
        />
      </label>
      <div class="actions">
        <button type="button" onClick={save} disabled={!valid}>
          Save
        </button>
      </div>
    </section>
  );
}
