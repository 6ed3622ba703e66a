import { useAppState, type ClientFactory } from '../state/app-state';
import { hasCopy, takesVariations, type NextPrompt } from '../run/plan';
import type { Target } from '../../contract/messages';
import { inputImagesOf } from '../run/plan-design';
import { isActive } from '../run/run';
import { FromDesign } from './FromDesign';
import { useMemo, useState } from 'preact/hooks';
import { Chat } from './Chat';
import { postToMain } from '../bridge';
import { CostLine } from './CostLine';
import { DesignPanel } from './DesignPanel';
import { Recent } from './Recent';
import { HealthLine } from './HealthLine';
import { PromptBox } from './PromptBox';
import { ResizeGrip } from './ResizeGrip';
import { SettingsPanel } from './SettingsPanel';
import { TargetList } from './TargetList';
import { EngineSetting, ThreadView, VariationsSelect } from './ThreadView';
import { ComplexitySelect, ModelSelect } from './ModelControls';
import { createBackendClient } from '../api/client';
import { useHealthWatch } from '../state/backend-config';
import { FirstRun } from './FirstRun';
import { TargetSummary } from './TargetSummary';
import { IconButton } from './ui3/IconButton';
import { BatchProgress } from './BatchProgress';
import { PromptModeChoice } from './PromptMode';
import { Library } from './Library';
import { FinishingActions } from './FinishingActions';
import { Localise } from './Localise';
import { applyPreset, applyRequestFields, presetFrom } from '../state/prompt-preset';
import { requestOfJob } from '../state/recent-filter';

/**
 * The plugin window (issue 19): the header (health, Recent, Settings), a middle that scrolls (Settings or the first
 * run, Recent, the targets, the timeline; two columns when wide), and the prompt bar fixed at the bottom.
 */
export function App({ createClient = createBackendClient }: { createClient?: ClientFactory }) {
  // A new factory makes the app build a new client and check the backend again: the header's Reconnect.
  const [attempt, setAttempt] = useState(0);
  const factory = useMemo<ClientFactory>(() => (settings) => createClient(settings), [createClient, attempt]);
  const reconnect = () => setAttempt((n) => n + 1);
  const s = useAppState(factory);
  const [seed, setSeed] = useState<{ text: string; n: number; replace?: boolean } | undefined>();
  const [draft, setDraft] = useState('');
  const [recentOpen, setRecentOpen] = useState(false);
  const [libraryOpen, setLibraryOpen] = useState(false);
  const [optionsOpen, setOptionsOpen] = useState(false);
  useHealthWatch(s.client, s.health.state, s.busy, reconnect, s.runs.filter((r) => r.status === 'failed').length);
  if (!s.settings) return <p class="hint">Starting…</p>;
  const noToken = s.settings.accessToken === '';
  const connected = s.health.state === 'ok';
  const demo = s.health.state === 'ok' && s.health.info.provider === 'demo';
  const settingsForm = (
    <SettingsPanel settings={s.settings} firstRun={noToken} createClient={createClient} onSave={s.saveSettings}>
      {!noToken && <EngineSetting engine={s.focus.engine} unavailable={s.models.conversationUnavailable} onChange={s.focus.setEngine} />}
    </SettingsPanel>
  );
  // Where a saved prompt (Library) or a Recent job's request (Use this prompt again) goes: model, qualities, prompt.
  const requestTargets = {
    chooseModel: s.models.choose,
    setQuality: s.quality.setQuality,
    targets: s.selection.targets,
    setPrompt: (text: string) => setSeed((prev) => ({ text, n: (prev?.n ?? 0) + 1, replace: true })),
  };
  const n = s.focus.focus || takesVariations(s.selection.targets.length) ? s.focus.variations : 1;
  /** What the next prompt will send, for its estimate: the summary line and the list under it count the same runs. */
  const nextPrompt = {
    targets: s.selection.targets,
    focus: s.editFocus,
    model: s.model,
    variations: s.focus.variations,
    overrides: s.quality.overrides,
    hasCopy: (t: Target) => hasCopy(t, s.design.options),
    inputImages: inputImagesOf(s.selected, s.fromDesign.options),
    adapting: s.adaptMaster !== undefined,
  } satisfies NextPrompt;
  return (
    <main class="app">
      <header class="bar">
        <HealthLine health={s.health} onReconnect={reconnect} />
        <IconButton icon="recent" label="Recent" expanded={recentOpen} onClick={() => setRecentOpen(!recentOpen)} disabled={!connected} disabledReason="connect to a backend first" />
        {!noToken && <IconButton icon="library" label="Library" expanded={libraryOpen} onClick={() => setLibraryOpen(!libraryOpen)} />}
        {!noToken && <IconButton icon="settings" label="Settings" expanded={s.settingsOpen} onClick={() => s.setSettingsOpen(!s.settingsOpen)} />}
      </header>
      <div class="middle">
        <div class="side">
          {noToken ? <FirstRun>{settingsForm}</FirstRun> : s.settingsOpen && settingsForm}
          {s.health.state === 'error' && (
            <p class="error" role="status">
              {s.health.message} Figment checks again on its own.
            </p>
          )}
          {recentOpen && connected && s.client && (
            <section class="recent-panel" aria-label="Recent">
              <Recent
                client={s.client}
                onApply={s.reuse}
                prompts={s.recentPrompts}
                targets={s.selection.targets}
                fileJobs={s.recentFile.fileJobs}
                loadFileJobs={s.recentFile.load}
                tokenName={s.models.tokenName}
                history={s.models.history}
                demo={demo}
                refresh={s.runs.filter((r) => !isActive(r)).length}
                onUsePrompt={(job, prompt) => applyRequestFields(requestOfJob(job, prompt), requestTargets)}
              />
            </section>
          )}
          {libraryOpen && !noToken && (
            <section class="library-panel" aria-label="Library">
              <Library
                lib={s.library}
                draft={draft}
                snapshot={(name) => presetFrom(name, { prompt: draft, design: s.design, model: s.models.choice, overrides: s.quality.overrides, targets: s.selection.targets })}
                onUse={(entry) => applyPreset(entry, { ...requestTargets, design: s.design })}
              />
            </section>
          )}
          <TargetSummary {...nextPrompt} runs={s.runs} demo={demo}>
            <TargetList selection={s.selection} model={s.model} hasCopy={nextPrompt.hasCopy} runs={s.runs} focus={s.editFocus} variations={s.focus.variations} overrides={s.quality.overrides} onQuality={s.quality.setQuality} onRetry={s.retry} demo={demo} adaptFrom={s.adaptMaster} inputImages={nextPrompt.inputImages} />
          </TargetSummary>
        </div>
        <div class="timeline">
          {s.focus.focus && connected && (
            <FinishingActions
              focus={s.focus.focus}
              model={s.models.pair.edit}
              models={s.models.models}
              overrides={s.quality.overrides}
              demo={demo}
              frameText={s.selection.targets.find((t) => t.id === s.focus.focus?.nodeId)?.text ?? []}
              onRemoveBackground={() => s.finish('remove-background')}
              onFixText={(copy) => s.finish('fix-text', copy)}
              onChooseModel={s.models.choose}
            />
          )}
          <ThreadView t={s.focus} onRegenerate={s.regenerate} />
          <Chat runs={s.runs} onRetry={s.retry} onApply={s.apply} onStop={s.stop} onShown={s.shown} onApplyToSelection={s.applyKept} />
        </div>
      </div>
      {/* The first run has nothing to prompt yet: the bar appears once connected. */}
      {!noToken && (
        <footer class="prompt-bar">
          {optionsOpen && <DesignPanel d={s.design} model={s.model} onScaffold={(text) => setSeed((prev) => ({ text, n: (prev?.n ?? 0) + 1 }))} onFromFrame={() => s.fromDesign.setRender(true)} />}
          <FromDesign targets={s.selected} focus={s.focus.focus} d={s.fromDesign} onReadapt={s.readapt} />
          {connected && (
            <Localise targets={s.selection.targets} client={s.client} unavailable={s.models.translationsUnavailable} plan={s.localise.plan} demo={demo} onStart={s.localise.start} />
          )}
          <CostLine client={connected ? s.client : null} runs={s.runs} busy={s.busy} />
          <BatchProgress runs={s.runs} onStopAll={() => s.stop()} onRetry={s.retryAll} />
          {s.focus.focus && !s.fromDesign.options.adapt && <PromptModeChoice value={s.focus.mode} onChange={s.focus.setMode} />}
          <PromptBox seed={seed} onDraft={setDraft} focused={!s.settingsOpen} primary={!s.settingsOpen && !noToken} edits={s.editFocus !== null || !!s.fromDesign.options.adapt} count={n} disabled={noToken || !connected} onSend={s.send}>
            <IconButton icon="options" label="Prompt options" expanded={optionsOpen} onClick={() => setOptionsOpen(!optionsOpen)} />
            <ModelSelect m={s.models} />
            <ComplexitySelect model={s.model} value={s.models.complexity} onChange={s.models.setComplexity} />
            {!s.fromDesign.options.adapt && (s.focus.focus || takesVariations(s.selection.targets.length)) && <VariationsSelect value={s.focus.variations} onChange={s.focus.setVariations} />}
          </PromptBox>
        </footer>
      )}
      <ResizeGrip post={postToMain} />
    </main>
  );
}
