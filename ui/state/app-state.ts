/**
 * The UI's state in one hook: settings and selection from the main thread, backend health, the runs of the session
 * and the send/stop actions. Every message from the main thread is dispatched through one handler map here, so the
 * compiler demands a handler for each. Components only render what it returns.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { HealthResponse, JobInfo } from '../../contract/api';
import type { MainToUi, MessageHandlers, SelectionInfo, StoredSettings } from '../../contract/messages';
import type { RecentPrompt } from '../../contract/recent-messages';
import type { KeptImage } from '../../contract/drop-messages';
import { dispatch } from '../../core/dispatch';
import { DEFAULT_MODEL } from '../../core/models';
import { createBackendClient, type BackendClient } from '../api/client';
import { describeError } from '../api/errors';
import { onMainMessage, postToMain } from '../bridge';
import { quickOutcome } from '../quick-action';
import type { FinishingAction } from '../../core/finishing';
import { focusTarget, planFinish, planGeneration, planKept, planPrompt, planReuse, withoutMask } from '../run/plan';
import type { Run } from '../run/run';
import { planLocalise } from '../run/plan-localise';
import type { FrameReview } from '../../core/localise';
import { useRuns } from '../run/use-runs';
import { useDesignState } from './design-state';
import { useFocusState } from './focus-state';
import { adaptMasterOf, adaptShown, useFromDesign } from './from-design-state';
import { planReadapt } from '../run/plan-design';
import { canAdapt } from '../../core/adapt-sizes';
import { useLibrary } from './library-state';
import { useRecentFile } from './recent-state';
import { complexityFor, useModelChoice } from './model-choice';
import { useQualityOverrides } from './quality-overrides';

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
  /** A Quick Actions prompt waiting for the backend to be ready, then the turn it started. */
  const [quickPrompt, setQuickPrompt] = useState<string | null>(null);
  const [quickTurn, setQuickTurn] = useState<string | null>(null);
  /** The prompts of images this plugin applied, by job id (kept by the main thread), for Recent. */
  const [recentPrompts, setRecentPrompts] = useState<RecentPrompt[]>([]);

  // A new client (and health check) only when where and how to connect changes, not when the model choice does.
  const client = useMemo(() => (settings ? createClient(settings) : null), [settings?.backendUrl, settings?.accessToken, createClient]);
  const runs = useRuns(client);
  const focus = useFocusState();
  const design = useDesignState();
  const fromDesign = useFromDesign();
  const quality = useQualityOverrides(selection.targets);
  const library = useLibrary();
  const recentFile = useRecentFile();

  const handlers: MessageHandlers<MainToUi> = {
    init: (m) => {
      setSettings(m.settings);
      setSelection(m.selection);
      setSettingsOpen(m.settings.accessToken === '');
    },
    selection: (m) => setSelection(m.selection),
    'quick-action': (m) => setQuickPrompt(m.prompt),
    'cancel-work': () => {
      setQuickPrompt(null);
      setQuickTurn(null);
      void runs.runner.stopAndCancel().then(() => postToMain({ type: 'quick-action-done', filled: 0, failed: 0, message: 'Figment stopped; the backend cancelled its unfinished jobs.' }));
    },
    'recent-prompts': (m) => setRecentPrompts(m.prompts),
    // An image dragged out of the chat or Recent landed on a layer: applied there like any run's image.
    dropped: (m) => runs.runner.start(planKept(m.image, [m.target])),
    'settings-saved': (m) => {
      setSettings(m.settings);
      setSettingsOpen(false);
    },
    applied: (m) => {
      runs.handlers.applied(m);
      focus.refresh();
    },
    'apply-failed': (m) => {
      runs.handlers['apply-failed'](m);
      focus.refresh();
    },
    'edit-input': runs.handlers['edit-input'],
    'edit-input-failed': runs.handlers['edit-input-failed'],
    ...focus.handlers,
    ...design.handlers,
    ...library.handlers,
    ...recentFile.handlers,
  };
  const current = useRef(handlers);
  current.current = handlers;
  useEffect(() => {
    const off = onMainMessage((message) => dispatch(current.current, message));
    postToMain({ type: 'ready' });
    return off;
  }, []);

  useEffect(() => {
    if (!client || !settings) return;
    if (settings.accessToken === '') return setHealth({ state: 'unconfigured' });
    const abort = new AbortController();
    // Re-checking an unreachable backend keeps saying so (no "Connecting…" flicker every few seconds) until it answers.
    setHealth((h) => (h.state === 'error' ? h : { state: 'checking' }));
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
  /** Adapt to sizes, chosen on a selection it applies to: the master's image recomposed into the other frames (issue 15). */
  const unmasked = withoutMask(selection, focus.focus);
  const adapting = fromDesign.options.adapt === true && canAdapt(unmasked.targets);
  const fromDesignOptions = { ...fromDesign.options, adapt: adapting };
  /** The frame the next prompt edits: the focused one, unless the prompt is to make it a new image. */
  const editFocus = focus.mode === 'edit' && !adapting ? focus.focus : null;
  /** The model the next prompt uses: the edit model on a focused frame (talking to it, issue 3) or adapting, else the draft model. */
  const model = editFocus || adapting ? models.pair.edit : models.pair.draft;
  /** What the target list shows: never the region's mask shape; with New, the focused frame alone; adapting, the targets. */
  const shown = adapting ? adaptShown(unmasked) : focus.focus && !editFocus ? { ...selection, targets: [focusTarget(focus.focus, selection.targets)] } : unmasked;

  /** What every planner is given, for `forModel` (the next prompt's model unless said): complexity only where it takes one. */
  const planOptions = (forModel = model) => {
    const complexity = complexityFor(forModel, models.complexity);
    return { model: forModel, variations: focus.variations, design: design.options, overrides: quality.overrides, hideMask: focus.hideMask, ...(complexity ? { complexity } : {}) };
  };
  /** Starts planned runs; the variations count goes back to 1, so the next prompt never pays for takes unasked. */
  const startRuns = (planned: Run[]): string | undefined => {
    runs.runner.start(planned);
    focus.setVariations(1);
    return planned[0]?.turnId;
  };
  /** Plans the prompt's runs (an edit of the focused frame, or a generation per target) and starts them; the turn's id. */
  const send = (prompt: string): string | undefined => {
    if (!client) return undefined;
    const engine = models.conversationUnavailable ? 'images' : focus.engine;
    const targets = adapting ? unmasked.targets : selection.targets;
    return startRuns(planPrompt(prompt, { focus: focus.focus, targets, engine, mode: focus.mode, fromDesign: fromDesignOptions }, planOptions()));
  };
  /** Re-adapt: every frame adapted from the focused master, adapted again from its current image (one action). */
  const readapt = (): void => {
    if (!client || !focus.focus?.adapted?.length) return;
    startRuns(planReadapt(focus.focus, planOptions(models.pair.edit), fromDesign.options.adaptChoice));
  };
  /** The version strip's Regenerate: the prompt again as a fresh image for the focused frame, its next version. */
  const regenerate = (prompt: string): string | undefined => {
    if (!client || !focus.focus) return undefined;
    return startRuns(planGeneration(prompt, [focusTarget(focus.focus, selection.targets)], planOptions(models.pair.draft)));
  };

  /** A finishing action (Remove background, Fix the text) on the focused image layer, as one edit run. */
  const finish = (action: FinishingAction, copy: string[] = []) => {
    if (!client || !focus.focus) return;
    runs.runner.start([planFinish(action, focus.focus, { model: models.pair.edit, variations: 1, design: design.options, overrides: quality.overrides }, copy)]);
  };

  /** Localise: the reviewed translations as edits with the edit model (one per frame and language), and their start. */
  const localise = {
    plan: (review: FrameReview[], languages: string[]) => planLocalise(review, languages, planOptions(models.pair.edit)),
    start: (planned: Run[]) => runs.runner.start(planned),
  };

  /** A kept image (a chat image's "Apply to selection", the keyboard's drag) on the selection, or a new frame. */
  const applyKept = (image: KeptImage) => runs.runner.start(planKept(image, selection.targets));
  /** Puts a kept image (Recent) on the selection, or in a new frame, through the runner like any run's image. */
  const reuse = (job: JobInfo, prompt?: string) => runs.runner.start(planReuse(job, selection.targets, prompt));

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
    const turn = send(quickPrompt);
    if (turn) setQuickTurn(turn);
    else done('Figment could not start: open Figment from the menu to see why.');
  }, [quickPrompt, settings, health]);

  useEffect(() => {
    const outcome = quickTurn && quickOutcome(quickTurn, runs.runs);
    if (!outcome) return;
    setQuickTurn(null);
    postToMain(outcome);
  }, [quickTurn, runs.runs]);

  // A failed run's job: once the backend answers again, ask what it kept (the row says so).
  useEffect(() => {
    if (health.state === 'ok') runs.runner.checkJobs();
  }, [health, runs.runs]);

  const runner = runs.runner;
  return {
    settings, settingsOpen, setSettingsOpen, saveSettings, selection: shown, editFocus, health, model, models, client, design, quality, focus, library, recentFile,
    /** The choices as they apply to this selection, and the whole selection (the master too) for their controls. */
    fromDesign: { ...fromDesign, options: fromDesignOptions }, selected: unmasked.targets,
    adaptMaster: adapting ? adaptMasterOf(unmasked.targets) : undefined,
    runs: runs.runs, busy: runs.busy, send, readapt, regenerate, reuse, finish, localise, applyKept, recentPrompts, shown: runs.shown,
    stop: (id?: string) => runner.stop(id),
    retry: (id: string) => runner.retry(id),
    /** "Retry N failed": every given failed run again, through the one runner. */
    retryAll: (ids: readonly string[]) => ids.forEach((id) => runner.retry(id)),
    apply: (id: string, index: number) => runner.apply(id, index),
  };
}

export type AppState = ReturnType<typeof useAppState>;
