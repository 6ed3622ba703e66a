import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { StoredSettings } from '../../contract/messages';
import { normalizeBackendUrl } from '../../core/network-access';
import type { BackendClient } from '../api/client';
import { backendUrlProblem, builtFor } from '../network';
import { checkConnection, type ConnectionCheck } from './connection-check';

interface Props {
  settings: StoredSettings;
  /**
   * Before any token was saved: the URL field starts empty, the development default only its placeholder; a build
   * made for the team's backend starts with that one (the team chose it).
   */
  firstRun?: boolean;
  /** A client for the settings being checked (not yet saved). */
  createClient(settings: StoredSettings): BackendClient;
  onSave(settings: StoredSettings): void;
  /** Further settings under the connection's (the Engine). */
  children?: ComponentChildren;
}

type Checked = { state: 'idle' } | { state: 'checking' } | { state: 'done'; result: ConnectionCheck; saving: boolean };

/**
 * Backend URL and access token; the main thread keeps them in figma.clientStorage. Save first checks both against the
 * backend (see connection-check.ts) and keeps the panel open, with the problem beside its field, until they work.
 * Saves on click or Enter, never through form submission: Figma's iframe is sandboxed without `allow-forms`, where
 * submit never fires. Opening it puts the focus in its first field.
 */
export function SettingsPanel({ settings, firstRun = false, createClient, onSave, children }: Props) {
  const [backendUrl, setBackendUrl] = useState(firstRun && !builtFor(settings.backendUrl) ? '' : settings.backendUrl);
  const [accessToken, setAccessToken] = useState(settings.accessToken);
  const [checked, setChecked] = useState<Checked>({ state: 'idle' });
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const url = normalizeBackendUrl(backendUrl);
  const wellFormed = /^https?:\/\/[^\s/]+/i.test(url);
  // A URL the manifest does not allow would fail in Figma with a CSP error: refused here, with the way out.
  const blocked = wellFormed ? backendUrlProblem(url) : null;
  const token = accessToken.trim();
  const ready = wellFormed && blocked === null && token !== '';
  const next = { backendUrl: url, accessToken: token };

  const check = async (save: boolean) => {
    if (!ready || checked.state === 'checking') return;
    setChecked({ state: 'checking' });
    const result = await checkConnection(createClient(next), url);
    setChecked({ state: 'done', result, saving: save });
    if (save && result.ok) onSave(next);
  };
  const edited = (set: (v: string) => void) => (e: { currentTarget: HTMLInputElement }) => {
    set(e.currentTarget.value);
    setChecked({ state: 'idle' });
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && !e.isComposing) {
      e.preventDefault();
      void check(true);
    }
  };
  const problem = checked.state === 'done' && !checked.result.ok ? checked.result : null;
  return (
    <section class="settings" aria-label="Settings">
      <label>
        Backend URL
        <input
          ref={first}
          type="url"
          value={backendUrl}
          placeholder={settings.backendUrl}
          onInput={edited(setBackendUrl)}
          onKeyDown={onKeyDown}
          aria-invalid={(backendUrl !== '' && (!wellFormed || blocked !== null)) || problem?.field === 'url'}
          aria-describedby={problem?.field === 'url' ? 'settings-problem' : undefined}
          spellcheck={false}
        />
      </label>
      {backendUrl !== '' && !wellFormed && <p class="error">Enter the backend address, starting with http:// or https://.</p>}
      {blocked && <p class="error" role="alert">{blocked}</p>}
      <label>
        Access token
        <input
          type="password"
          value={accessToken}
          onInput={edited(setAccessToken)}
          onKeyDown={onKeyDown}
          autoComplete="off"
          aria-invalid={problem?.field === 'token'}
          aria-describedby={problem?.field === 'token' ? 'settings-problem' : undefined}
          spellcheck={false}
        />
      </label>
      {problem && (
        <p id="settings-problem" class="error" role="alert">
          {problem.message}
        </p>
      )}
      {checked.state === 'done' && checked.result.ok && !checked.saving && (
        <p class="check-result" role="status">
          Works: {checked.result.health.provider === 'demo' ? 'demo mode, free placeholder images' : `connected, ${checked.result.health.defaultModel}`}.
        </p>
      )}
      <div class="actions">
        {checked.state === 'checking' && <span class="dim" role="status">Checking…</span>}
        <button type="button" onClick={() => void check(false)} disabled={!ready}>
          Test connection
        </button>
        <button type="button" class="primary" onClick={() => void check(true)} disabled={!ready}>
          Save
        </button>
      </div>
      {children}
    </section>
  );
}
