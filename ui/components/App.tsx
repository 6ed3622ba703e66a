import { useAppState, type ClientFactory } from '../state/app-state';
import { hasCopy, takesVariations } from '../run/plan';
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
      {s.settingsOpen && <EngineSetting engine={s.focus.engine} onChange={s.focus.setEngine} />}
      {noToken && <p class="error">Add the access token printed by the backend at start-up (Settings).</p>}
      {recentOpen && s.client && <Recent client={s.client} onApply={s.reuse} />}
      <TargetList selection={s.selection} model={s.model} hasCopy={(t) => hasCopy(t, s.design.options)} runs={s.runs} focus={s.focus.focus} variations={s.focus.variations} overrides={s.quality.overrides} onQuality={s.quality.setQuality} onRetry={s.retry} />
      <DesignPanel d={s.design} model={s.model} onScaffold={(text) => setSeed((prev) => ({ text, n: (prev?.n ?? 0) + 1 }))} />
      <div class="scroll">
        <ThreadView t={s.focus} />
        <Chat runs={s.runs} onRetry={s.retry} onApply={s.apply} onStop={s.stop} onShown={s.shown} />
      </div>
      <CostLine client={s.health.state === 'ok' ? s.client : null} runs={s.runs} busy={s.busy} />
      <PromptBox seed={seed} busy={s.busy} focused={!s.settingsOpen} edits={s.focus.focus !== null} disabled={noToken || s.health.state !== 'ok'} onSend={s.send} onStop={() => s.stop()}>
        <ModelSelect m={s.models} />
        <ComplexitySelect model={s.model} value={s.models.complexity} onChange={s.models.setComplexity} />
        {(s.focus.focus || takesVariations(s.selection.targets.length)) && <VariationsSelect value={s.focus.variations} onChange={s.focus.setVariations} />}
      </PromptBox>
      <ResizeGrip post={postToMain} />
    </main>
  );
}
