/** FIGMENT_PROVIDER=azure's settings: read from the environment, every mistake a clear start-up error. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config';
import { DEFAULT_AZURE_API_VERSION } from '../../server/providers/azure';
import { upstreamFor } from '../../server/server';

const base = {
  FIGMENT_PROVIDER: 'azure',
  AZURE_OPENAI_ENDPOINT: 'https://contoso.openai.azure.com/',
  AZURE_OPENAI_API_KEY: 'azure-resource-key',
  FIGMENT_AZURE_DEPLOYMENTS: 'gpt-image-2=images-prod, gpt-image-2.6-flare=flare.26_eu',
};

describe('Azure settings', () => {
  it('reads the endpoint (without its trailing slash), key, api-version default and deployment map', () => {
    expect(loadConfig(base).azure).toEqual({
      endpoint: 'https://contoso.openai.azure.com',
      apiKey: 'azure-resource-key',
      adToken: undefined,
      apiVersion: DEFAULT_AZURE_API_VERSION,
      deployments: { 'gpt-image-2': 'images-prod', 'gpt-image-2.6-flare': 'flare.26_eu' },
    });
    expect(loadConfig({ ...base, OPENAI_API_VERSION: '2025-06-01' }).azure?.apiVersion).toBe('2025-06-01');
  });

  it('stays on OpenAI unless FIGMENT_PROVIDER says azure', () => {
    expect(loadConfig({ AZURE_OPENAI_ENDPOINT: base.AZURE_OPENAI_ENDPOINT }).azure).toBeUndefined();
    expect(loadConfig({ FIGMENT_PROVIDER: 'OpenAI' }).azure).toBeUndefined();
  });

  it.each([
    ['an unknown provider', { FIGMENT_PROVIDER: 'bedrock' }, /FIGMENT_PROVIDER must be openai or azure/],
    ['no endpoint', { AZURE_OPENAI_ENDPOINT: '' }, /needs AZURE_OPENAI_ENDPOINT/],
    ['an endpoint that is not a URL', { AZURE_OPENAI_ENDPOINT: 'contoso' }, /not a URL/],
    ['a plain-http endpoint', { AZURE_OPENAI_ENDPOINT: 'http://contoso.openai.azure.com' }, /must be https/],
    ['an endpoint with a deployment path', { AZURE_OPENAI_ENDPOINT: 'https://contoso.openai.azure.com/openai/deployments/x' }, /without a path/],
    ['both a key and an Entra ID token', { AZURE_OPENAI_AD_TOKEN: 'eyJ0' }, /not both/],
    ['a malformed api-version', { OPENAI_API_VERSION: 'latest' }, /OPENAI_API_VERSION/],
    ['no deployment map', { FIGMENT_AZURE_DEPLOYMENTS: ' , ' }, /needs FIGMENT_AZURE_DEPLOYMENTS/],
    ['an entry without =', { FIGMENT_AZURE_DEPLOYMENTS: 'gpt-image-2' }, /"gpt-image-2" must be model=deployment/],
    ['an entry without a deployment', { FIGMENT_AZURE_DEPLOYMENTS: 'gpt-image-2=' }, /must be model=deployment/],
    ['an unknown model', { FIGMENT_AZURE_DEPLOYMENTS: 'gpt-image-2=a,dall-e-3=b' }, /"dall-e-3", not a GPT Image model/],
    ['a model named twice', { FIGMENT_AZURE_DEPLOYMENTS: 'gpt-image-2=a,gpt-image-2=b' }, /twice/],
    ['a deployment name that is no path segment', { FIGMENT_AZURE_DEPLOYMENTS: 'gpt-image-2=a/b' }, /"a\/b" is not a deployment name/],
    ['a default model without a deployment', { FIGMENT_MODEL: 'gpt-image-2.6-flare', FIGMENT_AZURE_DEPLOYMENTS: 'gpt-image-2=a' }, /FIGMENT_MODEL is "gpt-image-2.6-flare"/],
    ['an edit model without a deployment', { FIGMENT_EDIT_MODEL: 'gpt-image-2.5-flare' }, /FIGMENT_EDIT_MODEL is "gpt-image-2.5-flare", which FIGMENT_AZURE_DEPLOYMENTS gives no/],
  ])('refuses %s', (_name, change, message) => {
    expect(() => loadConfig({ ...base, ...change })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ...change })).toThrow(message);
  });

  it('needs a credential when the clients are made: a key, a token, or a token provider, and not a key with a provider', () => {
    const noCredential = loadConfig({ ...base, AZURE_OPENAI_API_KEY: '' });
    expect(() => upstreamFor(noCredential)).toThrow(/needs AZURE_OPENAI_API_KEY or AZURE_OPENAI_AD_TOKEN/);
    expect(upstreamFor(noCredential, () => Promise.resolve('token'))?.kind).toBe('azure');
    expect(() => upstreamFor(loadConfig(base), () => Promise.resolve('token'))).toThrow(/use one/);
  });

  it('reports allowed models without a deployment, and the conversation engine, as unavailable', () => {
    const upstream = upstreamFor(loadConfig({ ...base, FIGMENT_ALLOWED_MODELS: 'gpt-image-2.6-flare,gpt-image-2.5-sunburst' }));
    expect(upstream?.capabilities?.modelsUnavailable).toEqual({ 'gpt-image-2.5-sunburst': expect.stringMatching(/Not deployed/) });
    expect(upstream?.capabilities?.conversationUnavailable).toBeTruthy();
    expect(() => upstream!.clientFor('gpt-image-2.5-sunburst')).toThrow(/not deployed/);
  });
});
