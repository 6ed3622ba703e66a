import { useAppState, type ClientFactory } from '../state/app-state';
import { takesVariations } from '../state/turns';
import { useState } from 'preact/hooks';
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

/** The plugin window: health and settings on top, targets, the chat, the prompt at the bottom. */
export function App({ createClient }: { createClient?: ClientFactory }) {
  const s = useAppState(createClient);
  const [seed, setSeed] = useState<{ text: string; n: number } | undefined>();
  const [recentOpen, setRecentOpen] = useState(false);
  if (!s.settings) return <p class="hint">Starting…</p>;
  const noToken = s.settings.accessToken === '';
  return (
    <main class="app">
      <header class="bar">
        <HealthLine health={s.health} />
        <button type="button" class="secondary" aria-expanded={recentOpen} onClick={() => setRecentOpen(!recentOpen)} disabled={!s.client}>
          Recent
        </button>
        <button type="button" class="secondary" aria-expanded={s.settingsOpen} onClick={() => s.setSettingsOpen(!s.settingsOpen)}>
          Settings
        </button>
      </header>
      {s.settingsOpen && <SettingsPanel settings={s.settings} onSave={s.saveSettings} />}
      {s.settingsOpen && <EngineSetting engine={s.thread.engine} onChange={s.thread.setEngine} />}
      {noToken && <p class="error">Add the access token printed by the backend at start-up (Settings).</p>}
      {recentOpen && s.client && <Recent client={s.client} targets={s.selection.targets} post={postToMain} />}
      <TargetList selection={s.selection} model={s.model} hasCopy={s.hasCopy} turns={s.turns} focus={s.thread.focus} variations={s.thread.variations} overrides={s.quality.overrides} onQuality={s.quality.setQuality} onRetry={s.retry} />
      <DesignPanel d={s.design} model={s.model} onScaffold={(text) => setSeed((prev) => ({ text, n: (prev?.n ?? 0) + 1 }))} />
      <div class="scroll">
        <ThreadView t={s.thread} />
        <Chat turns={s.turns} onRetry={s.retry} onApplyVariant={s.applyVariant} />
      </div>
      <CostLine client={s.health.state === 'ok' ? s.client : null} turns={s.turns} busy={s.busy} />
      <PromptBox seed={seed} busy={s.busy} focused={!s.settingsOpen} edits={s.thread.focus !== null} disabled={noToken || s.health.state !== 'ok'} onSend={s.send} onStop={s.stop}>
        <ModelSelect m={s.models} />
        <ComplexitySelect model={s.model} value={s.models.complexity} onChange={s.models.setComplexity} />
        {(s.thread.focus || takesVariations(s.selection.targets.length)) && <VariationsSelect value={s.thread.variations} onChange={s.thread.setVariations} />}
      </PromptBox>
      <ResizeGrip post={postToMain} />
    </main>
  );
}
