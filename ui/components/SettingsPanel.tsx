import { useState } from 'preact/hooks';
import type { StoredSettings } from '../../contract/messages';

interface Props {
  settings: StoredSettings;
  onSave(settings: StoredSettings): void;
}

/** Backend URL and access token, saved by the main thread in figma.clientStorage. */
export function SettingsPanel({ settings, onSave }: Props) {
  const [backendUrl, setBackendUrl] = useState(settings.backendUrl);
  const [accessToken, setAccessToken] = useState(settings.accessToken);
  return (
    <form
      class="settings"
      aria-label="Settings"
      onSubmit={(e) => {
        e.preventDefault();
        onSave({ backendUrl: backendUrl.trim(), accessToken: accessToken.trim() });
      }}
    >
      <label>
        Backend URL
        <input type="url" required value={backendUrl} onInput={(e) => setBackendUrl(e.currentTarget.value)} spellcheck={false} />
      </label>
      <label>
        Access token
        <input type="password" value={accessToken} onInput={(e) => setAccessToken(e.currentTarget.value)} autoComplete="off" spellcheck={false} />
      </label>
      <button type="submit">Save settings</button>
    </form>
  );
}
