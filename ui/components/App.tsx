import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { HealthResponse } from '../../contract/api';
import { DEFAULT_MODEL } from '../../core/models';
import { type MainToUi, type SelectionInfo, type StoredSettings } from '../../contract/messages';
import { createBackendClient, type BackendClient } from '../api/client';
import { describeError } from '../api/errors';
import { onMainMessage, postToMain } from '../bridge';
import { planTurn, runTurn, type TurnItem } from '../turn';
import { Chat, type Turn } from './Chat';
import { PromptBox } from './PromptBox';
import { SettingsPanel } from './SettingsPanel';
import { TargetList } from './TargetList';

type Health = { state: 'checking' } | { state: 'ok'; info: HealthResponse } | { state: 'error'; message: string };

interface Props {
  createClient?: (settings: StoredSettings) => BackendClient;
}

export function App({ createClient = createBackendClient }: Props) {
  const [settings, setSettings] = useState<StoredSettings | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [selection, setSelection] = useState<SelectionInfo>({ targets: [], skipped: [] });
  const [health, setHealth] = useState<Health>({ state: 'checking' });
  const [turns, setTurns] = useState<Turn[]>([]);
  const [running, setRunning] = useState(0);
  const controller = useRef<AbortController | null>(null);

  const client = useMemo(() => (settings ? createClient(settings) : null), [settings, createClient]);

  const updateItem = useCallback((requestId: string, patch: Partial<TurnItem>) => {
    setTurns((all) =>
      all.map((turn) =>
        turn.items.some((i) => i.requestId === requestId)
          ? { ...turn, items: turn.items.map((i) => (i.requestId === requestId ? { ...i, ...patch } : i)) }
          : turn,
      ),
    );
  }, []);

  useEffect(() => {
    const off = onMainMessage((message: MainToUi) => {
      switch (message.type) {
        case 'init':
          setSettings(message.settings);
          setSelection(message.selection);
          setSettingsOpen(message.settings.accessToken === '');
          break;
        case 'selection':
          setSelection(message.selection);
          break;
        case 'settings-saved':
          setSettings(message.settings);
          setSettingsOpen(false);
          break;
        case 'applied':
          updateItem(message.requestId, { status: 'done', ...(message.created ? { message: 'Placed in a new frame.' } : {}) });
          break;
        case 'apply-failed':
          updateItem(message.requestId, { status: 'failed', message: `${message.message} The image stays here in the chat.` });
          break;
      }
    });
    postToMain({ type: 'ready' });
    return off;
  }, [updateItem]);

  useEffect(() => {
    if (!client || !settings) return;
    const abort = new AbortController();
    setHealth({ state: 'checking' });
    client.health(abort.signal).then(
      (info) => setHealth({ state: 'ok', info }),
      (error: unknown) => {
        if (!abort.signal.aborted) setHealth({ state: 'error', message: describeError(error, settings.backendUrl) });
      },
    );
    return () => abort.abort();
  }, [client, settings]);

  const send = (prompt: string) => {
    if (!client || !settings) return;
    const model = health.state === 'ok' ? health.info.defaultModel : DEFAULT_MODEL;
    const items = planTurn(selection.targets, model);
    setTurns((all) => [...all, { id: items[0]!.requestId, prompt, items }]);
    const abort = controller.current && !controller.current.signal.aborted ? controller.current : new AbortController();
    controller.current = abort;
    setRunning((n) => n + 1);
    void runTurn(items, {
      client,
      model,
      prompt,
      signal: abort.signal,
      update: updateItem,
      post: postToMain,
      describe: (error) => describeError(error, settings.backendUrl),
    }).finally(() => setRunning((n) => n - 1));
  };

  const stop = () => {
    controller.current?.abort();
    controller.current = null;
  };

  if (!settings) return <p class="hint">Starting…</p>;
  const ready = settings.accessToken !== '' && health.state === 'ok';
  return (
    <main class="app">
      <header class="bar">
        <HealthLine health={health} />
        <button type="button" class="secondary" aria-expanded={settingsOpen} onClick={() => setSettingsOpen(!settingsOpen)}>
          Settings
        </button>
      </header>
      {settingsOpen && <SettingsPanel settings={settings} onSave={(s) => postToMain({ type: 'save-settings', settings: s })} />}
      {settings.accessToken === '' && <p class="error">Add the access token printed by the backend at start-up (Settings).</p>}
      <TargetList selection={selection} />
      <div class="scroll">
        <Chat turns={turns} />
      </div>
      <PromptBox busy={running > 0} disabled={!ready} onSend={send} onStop={stop} />
    </main>
  );
}

function HealthLine({ health }: { health: Health }) {
  if (health.state === 'checking') return <span class="dim">Connecting…</span>;
  if (health.state === 'error') {
    return (
      <span class="error" role="alert">
        Backend unreachable: {health.message}
      </span>
    );
  }
  const { info } = health;
  return info.provider === 'demo' ? (
    <span class="badge demo">Demo mode: placeholder images, no OpenAI key on the backend</span>
  ) : (
    <span class="dim">Connected · {info.defaultModel}</span>
  );
}
