// @vitest-environment happy-dom
/** Models the backend reports it cannot serve (Azure without a deployment) are greyed out, with why as the description. */
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackendConfig } from '../../contract/api';
import { findModel, type ModelInfo } from '../../core/models';
import { ModelSelect } from '../../ui/components/ModelControls';
import { EngineSetting } from '../../ui/components/ThreadView';
import { unavailableModels } from '../../ui/state/backend-config';
import { modelsFor } from '../../ui/state/model-choice';

afterEach(cleanup);

const m = (id: string): ModelInfo => findModel(id)!;
const models = [m('gpt-image-2'), m('gpt-image-2.6-flare')];
const pair = modelsFor({ models, draftModel: 'gpt-image-2', editModel: 'gpt-image-2' }, '', 'gpt-image-2');

describe('unavailable models', () => {
  it('reads them from /v1/config, and nothing from a backend that sends no capabilities', () => {
    const reason = "Not deployed on this backend's Azure OpenAI resource.";
    expect(unavailableModels({ capabilities: { modelsUnavailable: { 'gpt-image-2.6-flare': reason } } })).toEqual({ 'gpt-image-2.6-flare': reason });
    expect(unavailableModels({} as Pick<BackendConfig, 'capabilities'>)).toEqual({});
    expect(unavailableModels(null)).toEqual({});
  });

  it('greys an unavailable model out and gives the reason as the select\'s accessible description', () => {
    render(<ModelSelect m={{ models, choice: '', choose: () => undefined, pair, unavailable: { 'gpt-image-2.6-flare': 'Not deployed on this backend.' } }} />);
    const select = screen.getByRole('combobox', { name: 'Model' }) as HTMLSelectElement;
    const flare = [...select.options].find((o) => o.value === 'gpt-image-2.6-flare')!;
    expect(flare.disabled).toBe(true);
    expect(flare.textContent).toBe('GPT Image 2.6 Flare (unavailable)');
    expect([...select.options].find((o) => o.value === 'gpt-image-2')!.disabled).toBe(false);
    const described = document.getElementById(select.getAttribute('aria-describedby')!);
    expect(described?.textContent).toBe('GPT Image 2.6 Flare: Not deployed on this backend.');
  });

  it('has no description when every model is available', () => {
    render(<ModelSelect m={{ models, choice: '', choose: () => undefined, pair, unavailable: {} }} />);
    expect(screen.getByRole('combobox', { name: 'Model' }).getAttribute('aria-describedby')).toBeNull();
  });
});

describe('the conversation engine on a backend without it (Azure)', () => {
  it('greys Conversation out, shows Edits, and says why as the select\'s description', () => {
    const chosen: string[] = [];
    render(<EngineSetting engine="responses" unavailable="Azure OpenAI does not stream the Responses API image tool." onChange={(e) => chosen.push(e)} />);
    const select = screen.getByRole('combobox', { name: /Engine/ }) as HTMLSelectElement;
    expect(select.value).toBe('images');
    expect([...select.options].find((o) => o.value === 'responses')!.disabled).toBe(true);
    expect(document.getElementById(select.getAttribute('aria-describedby')!)?.textContent).toMatch(/^Conversation is not available on this backend: Azure OpenAI/);
  });

  it('offers both engines where the backend has them', () => {
    render(<EngineSetting engine="responses" onChange={() => undefined} />);
    const select = screen.getByRole('combobox', { name: /Engine/ }) as HTMLSelectElement;
    expect(select.value).toBe('responses');
    expect([...select.options].every((o) => !o.disabled)).toBe(true);
    expect(select.getAttribute('aria-describedby')).toBeNull();
  });
});
