// @vitest-environment happy-dom
/** The model for the next prompt: the team pairing or a choice, the controls that follow it, the copy policy. */
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackendConfig, Complexity } from '../../contract/api';
import type { Target } from '../../contract/messages';
import { findModel, type ModelInfo } from '../../core/models';
import { ComplexitySelect, ModelSelect, PromptSent } from '../../ui/components/ModelControls';
import { copyPolicyNote, TargetList } from '../../ui/components/TargetList';
import { complexityFor, modelsFor, teamDefaultLabel } from '../../ui/state/model-choice';
import { qualityFor } from '../../ui/run/plan';

afterEach(cleanup);

const m = (id: string): ModelInfo => findModel(id)!;
const config: Pick<BackendConfig, 'models' | 'draftModel' | 'editModel'> = {
  models: [m('gpt-image-2'), m('gpt-image-2.6-flare'), m('gpt-image-2.6-sunburst')],
  draftModel: 'gpt-image-2.6-flare',
  editModel: 'gpt-image-2.6-sunburst',
};
const target = (id: string, name: string, width: number, height: number, text?: string[]): Target => ({ id, name, nodeType: 'FRAME', width, height, hasImageFill: false, ...(text ? { text } : {}) });

describe('modelsFor', () => {
  it('follows the team pairing until a model is chosen, then uses the choice for drafts and edits alike', () => {
    expect(modelsFor(config, '', 'gpt-image-2')).toMatchObject({ draft: { id: 'gpt-image-2.6-flare' }, edit: { id: 'gpt-image-2.6-sunburst' } });
    expect(modelsFor(config, 'gpt-image-2', 'gpt-image-2')).toMatchObject({ draft: { id: 'gpt-image-2' }, edit: { id: 'gpt-image-2' } });
    expect(teamDefaultLabel(modelsFor(config, '', 'gpt-image-2'))).toBe('Team default (GPT Image 2.6 Flare for drafts, GPT Image 2.6 Sunburst for edits)');
  });

  it('falls back to the pairing for a remembered model the backend no longer allows, and to the default offline', () => {
    expect(modelsFor(config, 'gpt-image-2.5-flare', 'gpt-image-2').draft.id).toBe('gpt-image-2.6-flare');
    const offline = modelsFor(null, 'gpt-image-2.6-flare', 'gpt-image-2');
    expect([offline.draft.id, offline.edit.id]).toEqual(['gpt-image-2', 'gpt-image-2']);
    expect(teamDefaultLabel(offline)).toBe('Team default (GPT Image 2)');
  });

  it('keeps a complexity only while the model takes it', () => {
    expect(complexityFor(m('gpt-image-2.6-flare'), 'low')).toBe('low');
    expect(complexityFor(m('gpt-image-2'), 'low')).toBeUndefined();
    expect(complexityFor(m('gpt-image-2.6-flare'), null)).toBeUndefined();
  });
});

describe('controls that follow the model', () => {
  it('offers the model\'s own qualities; a choice it does not offer falls back to the size-based default', () => {
    const { rerender } = render(<TargetList selection={{ targets: [target('1', 'Hero', 800, 450)], skipped: [] }} model={m('gpt-image-2.6-flare')} runs={[]} onQuality={() => undefined} />);
    const options = () => [...(screen.getByRole('combobox', { name: 'Quality for Hero' }) as HTMLSelectElement).options].map((o) => o.textContent);
    expect(options()).toEqual(['Auto (medium)', 'Low', 'Medium', 'High', 'Extra high', 'Max']);
    rerender(<TargetList selection={{ targets: [target('1', 'Hero', 800, 450)], skipped: [] }} model={m('gpt-image-2')} runs={[]} onQuality={() => undefined} />);
    expect(options()).toEqual(['Auto (medium)', 'Low', 'Medium', 'High']);
    expect(qualityFor({ id: '1', width: 800, height: 450 }, new Map([['1', 'xhigh']]), m('gpt-image-2'))).toBe('medium');
    expect(qualityFor({ id: '1', width: 800, height: 450 }, new Map([['1', 'xhigh']]), m('gpt-image-2.5-flare'))).toBe('xhigh');
  });

  it('offers the allowed models and the team default, remembers a choice through the settings, and hides with one model', () => {
    const chosen: string[] = [];
    const pair = modelsFor(config, '', 'gpt-image-2');
    const { rerender } = render(<ModelSelect m={{ models: config.models, choice: '', choose: (id) => void chosen.push(id), pair }} />);
    const select = screen.getByRole('combobox', { name: 'Model' }) as HTMLSelectElement;
    expect([...select.options].map((o) => [o.value, o.textContent])).toEqual([
      ['', 'Team default (GPT Image 2.6 Flare for drafts, GPT Image 2.6 Sunburst for edits)'],
      ['gpt-image-2', 'GPT Image 2'],
      ['gpt-image-2.6-flare', 'GPT Image 2.6 Flare'],
      ['gpt-image-2.6-sunburst', 'GPT Image 2.6 Sunburst'],
    ]);
    fireEvent.change(select, { target: { value: 'gpt-image-2.6-sunburst' } });
    expect(chosen).toEqual(['gpt-image-2.6-sunburst']);
    rerender(<ModelSelect m={{ models: [m('gpt-image-2')], choice: '', choose: () => undefined, pair }} />);
    expect(screen.queryByRole('combobox', { name: 'Model' })).toBeNull();
  });

  it('shows Complexity only for a model that takes it', () => {
    function Harness({ model }: { model: ModelInfo }) {
      const [value, setValue] = useState<Complexity | null>(null);
      return <ComplexitySelect model={model} value={value} onChange={setValue} />;
    }
    const { rerender } = render(<Harness model={m('gpt-image-2.6-sunburst')} />);
    const select = screen.getByRole('combobox', { name: 'Complexity' }) as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(['Default (high)', 'Low', 'Medium', 'High']);
    fireEvent.change(select, { target: { value: 'medium' } });
    expect(select.value).toBe('medium');
    rerender(<Harness model={m('gpt-image-2.5-sunburst')} />);
    expect(screen.queryByRole('combobox', { name: 'Complexity' })).toBeNull();
  });

  it('shows the exact prompt sent, collapsed by default', () => {
    render(<PromptSent text={'a kite\nRender this text exactly as written'} target="Hero" />);
    const details = screen.getByLabelText('Prompt sent for Hero').closest('details')!;
    expect(details.open).toBe(false);
    expect(details.querySelector('pre')!.textContent).toBe('a kite\nRender this text exactly as written');
  });
});

describe('the cost policy on copy', () => {
  it('never plans low for a small frame with copy, and the estimate says why', () => {
    const badge = target('1', 'Badge', 120, 120, ['NEW']);
    const icon = target('2', 'Icon', 120, 120);
    const hasCopy = (t: Target) => (t.text?.length ?? 0) > 0;
    render(<TargetList selection={{ targets: [badge, icon], skipped: [] }} model="gpt-image-2" hasCopy={hasCopy} runs={[]} />);
    expect(screen.getByRole('region', { name: 'Targets' }).querySelector('.estimate')!.textContent).toMatch(/ · medium, not low, for Badge's copy: small text needs it$/);
    expect(copyPolicyNote([badge, icon], hasCopy, new Map([['1', 'low']]))).toBe('');
    expect(copyPolicyNote([icon], hasCopy, new Map())).toBe('');
  });
});
