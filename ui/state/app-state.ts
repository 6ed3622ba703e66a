/**
 * The UI's state in one hook: settings and selection from the main thread, backend health, the chat, and the
 * send/stop actions. Components only render what it returns.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { HealthResponse } from '../../contract/api';
import type { MainToUi, SelectionInfo, StoredSettings } from '../../contract/messages';
import { DEFAULT_MODEL } from '../../core/models';
import { createBackendClient, type BackendClient } from '../api/client';
import { describeError } from '../api/errors';
import { onMainMessage, postToMain } from '../bridge';
import { AdaptiveLimit } from '../adaptive-limit';
import { quickOutcome, type QuickWork } from '../quick-action';
import { promptFor, useDesignState } from './design-state';
import { applyMessage, CONCURRENCY, runTurn } from '../generate';
import { createObjectUrls } from '../object-urls';
import { applyAnswer, patchItem, planTurn, takesVariations, variantRequestId, type Turn, type TurnItem } from './turns';
import { useThreadState } from './thread-state';
import { useQualityOverrides } from './quality-overrides';
import { complexityFor, useModelChoice } from './model-choice';

export type Health =
  /** No access token yet: nothing to check (and no refused connection in the console before the first save). */
  | { state: 'unconfigured' }
  | { state: 'checking' } | { state: 'ok'; info: HealthResponse } | { state: 'error'; message: string };

export type ClientFactory = (settings: StoredSettings) => BackendClient;

export function useAppState(createClient: ClientFactory = createBackendClient) {
  const [settings, setSettings] = useState<StoredSettings | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [selection, setSelection] = useState<SelectionInfo>({ targets: [], skipped: [] });
  const [health, setHealth] = useState<Health>({ state: 'checking' });
  const [turns, setTurns] = useState<Turn[]>([]);
  const [running, setRunning] = useState(0);
  /** A Quick Actions prompt waiting for the backend to be ready, then the work it started. */
  const [quickPrompt, setQuickPrompt] = useState<string | null>(null);
  const [quickWork, setQuickWork] = useState<QuickWork | null>(null);
  const controllers = useRef(new Set<AbortController>());
  const urls = useMemo(createObjectUrls, []);
  /** One concurrency limit for the session, so every batch adapts to the backend's rate limits together. */
  const limit = useMemo(() => new AdaptiveLimit({ initial: CONCURRENCY }), []);

  // A new client (and health check) only when where and how to connect changes, not when the model choice does.
  const client = useMemo(() => (settings ? createClient(settings) : null), [settings?.backendUrl, settings?.accessToken, createClient]);
  const update = useCallback((id: string, patch: Partial<TurnItem>) => setTurns((all) => patchItem(all, id, patch)), []);

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
        case 'quick-action':
          setQuickPrompt(message.prompt);
          break;
        case 'settings-saved':
          setSettings(message.settings);
          setSettingsOpen(false);
          break;
        case 'applied':
        case 'apply-failed': {
          const { requestId, patch } = applyAnswer(message);
          update(requestId, patch);
          break;
        }
      }
    });
    postToMain({ type: 'ready' });
    return () => {
      off();
      for (const c of controllers.current) c.abort();
      urls.revokeAll();
    };
  }, [update, urls]);

  useEffect(() => {
    if (!client || !settings) return;
    if (settings.accessToken === '') return setHealth({ state: 'unconfigured' });
    const abort = new AbortController();
    setHealth({ state: 'checking' });
    client.health({ signal: abort.signal }).then(
      (info) => setHealth({ state: 'ok', info }),
      (error: unknown) => {
        if (!abort.signal.aborted) setHealth({ state: 'error', message: describeError(error) });
      },
    );
    return () => abort.abort();
  }, [client]);

  const saveSettings = (next: StoredSettings) => postToMain({ type: 'save-settings', settings: { ...settings, ...next } });
  const defaultModel = health.state === 'ok' ? health.info.defaultModel : DEFAULT_MODEL;
  const models = useModelChoice(health.state === 'ok' ? client : null, settings, defaultModel, saveSettings);
  // Talking to a frame (issue 3): with a focused frame, a prompt edits it instead of generating.
  const quality = useQualityOverrides(selection.targets);
  const design = useDesignState();
  const thread = useThreadState(settings, models.pair.edit, quality.overrides);
  /** The model the next prompt uses: the edit model on a focused frame, else the draft model. */
  const model = thread.focus ? models.pair.edit : models.pair.draft;
  const hasCopy = (t: { text?: readonly string[] }) => design.options.useFrameText && (t.text?.length ?? 0) > 0;

  const send = (prompt: string) => {
    if (!client) return;
    const transparent = design.options.transparent && model.transparentBackground;
    const complexity = complexityFor(model, models.complexity);
    if (thread.focus) {
      const id = thread.edit(prompt, { transparent, style: design.options.style, ...(complexity ? { complexity } : {}) });
      return id === undefined ? undefined : { kind: 'edit' as const, id };
    }
    const n = takesVariations(selection.targets.length) ? thread.variations : 1;
    const items = planTurn(selection.targets, model, undefined, quality.overrides, hasCopy).map((planned) => {
      const item: TurnItem = { ...planned, ...(n > 1 ? { n } : {}), ...(transparent ? { background: 'transparent' as const } : {}), ...(complexity ? { complexity } : {}) };
      const target = selection.targets.find((t) => t.id === item.targetId) ?? null;
      return { ...item, prompt: promptFor(prompt, target, { ...design.options, transparent }) };
    });
    setTurns((all) => [...all, { id: items[0]!.requestId, prompt, items }]);
    rerun(items, prompt);
    return { kind: 'turn' as const, id: items[0]!.requestId };
  };

  // Quick Actions: once the backend answers, fill (or edit) the selection; when the work is over, report once, and
  // the main thread notifies and closes, whatever the selection held.
  useEffect(() => {
    if (quickPrompt === null || !settings) return;
    const done = (message: string) => {
      setQuickPrompt(null);
      postToMain({ type: 'quick-action-done', filled: 0, failed: 0, message });
    };
    if (settings.accessToken === '') return done('Figment needs its backend first: run Figment from the menu and fill in Settings.');
    if (health.state === 'error') return done(`Figment cannot reach its backend: ${health.message}`);
    if (health.state !== 'ok') return;
    setQuickPrompt(null);
    const work = send(quickPrompt);
    if (work) setQuickWork(work);
    else done('Figment could not start: open Figment from the menu to see why.');
  }, [quickPrompt, settings, health]);

  useEffect(() => {
    const outcome = quickWork && quickOutcome(quickWork, turns, thread.runs);
    if (!outcome) return;
    setQuickWork(null);
    postToMain(outcome);
  }, [quickWork, turns, thread.runs]);

  /** Runs items again (a failed frame's Retry), with the prompt they were made for. */
  const rerun = (items: TurnItem[], prompt: string) => {
    if (!client) return;
    const abort = new AbortController();
    controllers.current.add(abort);
    setRunning((n) => n + 1);
    void runTurn(items, { client, prompt, signal: abort.signal, urls, update, post: postToMain }, limit).finally(() => {
      controllers.current.delete(abort);
      setRunning((n) => n - 1);
    });
  };

  const retry = (requestId: string) => {
    const turn = turns.find((t) => t.items.some((i) => i.requestId === requestId));
    const item = turn?.items.find((i) => i.requestId === requestId);
    if (!turn || !item) return;
    const again: TurnItem = { ...item, status: 'queued', message: undefined, partialUrl: undefined, partialIndex: undefined };
    update(requestId, { status: 'queued', message: undefined });
    rerun([again], turn.prompt);
  };

  /** Puts variation `index` of an item on its frame (or in a new frame); another one can follow it later. */
  const applyVariant = (requestId: string, index: number) => {
    const turn = turns.find((t) => t.items.some((i) => i.requestId === requestId));
    const item = turn?.items.find((i) => i.requestId === requestId);
    const image = item?.variants?.[index];
    if (!turn || !item || !image) return;
    update(requestId, { status: 'applying' });
    postToMain(applyMessage(item, image, turn.prompt, variantRequestId(requestId, index)));
  };

  /** Aborts every request in flight and every queued one. */
  const stop = () => {
    thread.stop();
    for (const c of controllers.current) c.abort();
  };

  return { settings, settingsOpen, setSettingsOpen, selection, health, model, models, hasCopy, turns, busy: running > 0 || thread.busy, send, stop, retry, applyVariant, saveSettings, thread, design, quality, client };
}
