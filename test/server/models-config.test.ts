/** The model parts of the configuration: the pairing, retired models, the team's models file, start-up warnings. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, modelWarnings } from '../../server/config';

const TODAY = '2026-12-03';
const withFile = (json: unknown, env: Record<string, string> = {}) =>
  loadConfig({ FIGMENT_MODELS_FILE: '/teams/models.json', ...env }, (path) => (path === '/teams/models.json' ? JSON.stringify(json) : ''), TODAY);

describe('configured models', () => {
  it('serves the default, the draft/edit pairing and the allowed models, each once, the default first', () => {
    const config = loadConfig(
      { FIGMENT_MODEL: 'gpt-image-2', FIGMENT_DRAFT_MODEL: 'gpt-image-2.6-flare', FIGMENT_EDIT_MODEL: 'gpt-image-2.6-sunburst', FIGMENT_ALLOWED_MODELS: 'gpt-image-2.6-flare,gpt-image-2.5-sunburst' },
      undefined,
      TODAY,
    );
    expect(config).toMatchObject({ defaultModel: 'gpt-image-2', draftModel: 'gpt-image-2.6-flare', editModel: 'gpt-image-2.6-sunburst' });
    expect(config.allowedModels).toEqual(['gpt-image-2', 'gpt-image-2.6-flare', 'gpt-image-2.6-sunburst', 'gpt-image-2.5-sunburst']);
    // Without a pairing both sides use the default model.
    expect(loadConfig({}, undefined, TODAY)).toMatchObject({ draftModel: 'gpt-image-2', editModel: 'gpt-image-2' });
  });

  it('refuses a retired model at start-up, naming the variable, the date and the replacement', () => {
    expect(() => loadConfig({ FIGMENT_MODEL: 'gpt-image-1.5' }, undefined, TODAY)).toThrow(
      'FIGMENT_MODEL: gpt-image-1.5 was shut down by OpenAI on 2026-12-01; use gpt-image-2.6-sunburst or gpt-image-2.6-flare instead.',
    );
    expect(() => loadConfig({ FIGMENT_ALLOWED_MODELS: 'gpt-image-2,dall-e-3' }, undefined, TODAY)).toThrow(/FIGMENT_ALLOWED_MODELS: dall-e-3 was shut down by OpenAI on 2026-05-12/);
    expect(() => loadConfig({ FIGMENT_EDIT_MODEL: 'gpt-image-1' }, undefined, TODAY)).toThrow(/FIGMENT_EDIT_MODEL: gpt-image-1 was shut down/);
    expect(() => loadConfig({ FIGMENT_DRAFT_MODEL: 'gpt-image-9' }, undefined, TODAY)).toThrow(/FIGMENT_DRAFT_MODEL names "gpt-image-9", not a GPT Image model Figment knows \(add it with FIGMENT_MODELS_FILE\)/);
    expect(() => loadConfig({ FIGMENT_MODEL: 'gpt-image-1.5-2025-12-16' }, undefined, TODAY)).toThrow(/gpt-image-1\.5-2025-12-16 was shut down by OpenAI on 2026-12-01/);
  });
});

describe('FIGMENT_MODELS_FILE', () => {
  it('adds a model that extends a known one, and overrides a built-in one field by field', () => {
    const config = withFile(
      {
        models: [
          { id: 'gpt-image-2.7-flare', extends: 'gpt-image-2.6-flare', label: 'GPT Image 2.7 Flare', goodFor: 'tomorrow' },
          { id: 'gpt-image-2', retiresOn: '2027-01-15', replacement: 'gpt-image-2.6-sunburst' },
        ],
      },
      { FIGMENT_MODEL: 'gpt-image-2.7-flare', FIGMENT_ALLOWED_MODELS: 'gpt-image-2' },
    );
    const added = config.catalogue.find((m) => m.id === 'gpt-image-2.7-flare')!;
    expect(added).toMatchObject({ label: 'GPT Image 2.7 Flare', complexities: ['low', 'medium', 'high'], qualities: ['low', 'medium', 'high', 'xhigh', 'max'] });
    expect(config.catalogue.find((m) => m.id === 'gpt-image-2')).toMatchObject({ label: 'GPT Image 2', retiresOn: '2027-01-15' });
    expect(modelWarnings(config, TODAY)).toEqual(['gpt-image-2 shuts down on 2027-01-15 (in 43 days): move to gpt-image-2.6-sunburst (FIGMENT_MODEL / FIGMENT_ALLOWED_MODELS).']);
  });

  it.each([
    [{ models: [{ id: 'house', extends: 'gpt-image-2', qualities: ['low', 'ultra'] }] }, 'models[0].qualities[1]: '],
    [{ models: [{ id: 'house', extends: 'gpt-image-2', prices: { textIn: 5, imageIn: 8 } }] }, 'models[0].prices.imageOut: '],
    [{ models: [{ id: 'house', extends: 'gpt-image-2', qualities: ['low', 'xhigh'] }] }, 'models[0].latencySeconds.xhigh: is needed for quality xhigh'],
    [{ models: [{ id: 'house', extends: 'gpt-image-1.5' }] }, 'models[0].extends: "gpt-image-1.5" is not a model Figment knows'],
    [{ models: [{ id: 'house', label: 'House' }] }, 'models[0].goodFor: '],
    [{ models: [{ id: 'gpt-image-2', retiresOn: 'soon' }] }, 'models[0].retiresOn: must be an ISO date'],
    [{ models: [{ id: 'gpt-image-2', colour: 'blue' }] }, 'models[0]: Unrecognized key: "colour"'],
    [{ model: [] }, 'models: '],
  ])('refuses a bad file with an error naming the field: %j', (json, message) => {
    let error: unknown;
    try {
      withFile(json);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(`FIGMENT_MODELS_FILE /teams/models.json: ${message}`);
  });

  it('refuses a file that is not JSON', () => {
    expect(() => loadConfig({ FIGMENT_MODELS_FILE: '/x.json' }, () => '{ nope', TODAY)).toThrow(/FIGMENT_MODELS_FILE \/x\.json: not valid JSON/);
  });
});
