/** The stand-in's Azure face refuses what Azure refuses (rules cited in ./azure.ts), so the backend's Azure tests mean something. */
import { AzureOpenAI } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AZURE_DEFAULT_AD_TOKEN } from './azure';
import { startOpenAIStandIn, type StandIn } from './index';

let standIn: StandIn;
beforeAll(async () => {
  standIn = await startOpenAIStandIn({ azure: { deployments: { 'img-prod': 'gpt-image-2' } } });
});
afterAll(() => standIn.close());
beforeEach(() => standIn.reset());

const route = '/openai/deployments/img-prod/images/generations';
const post = (path: string, headers: Record<string, string>) =>
  fetch(`${standIn.azureEndpoint}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ prompt: 'x', model: 'gpt-image-2', size: '1024x1024' }) });

describe('the Azure OpenAI stand-in', () => {
  it('answers the SDK\'s AzureOpenAI client on a deployment route', async () => {
    const client = new AzureOpenAI({ endpoint: standIn.azureEndpoint, apiKey: standIn.apiKey, apiVersion: '2025-04-01-preview', deployment: 'img-prod', maxRetries: 0 });
    const answer = await client.images.generate({ model: 'gpt-image-2', prompt: 'a kite', size: '1024x1024' });
    expect(answer.data?.[0]?.b64_json?.length).toBeGreaterThan(100);
    expect(standIn.requests[0]).toMatchObject({ path: route, deployment: 'img-prod', query: { 'api-version': '2025-04-01-preview' }, requestErrors: [], answerErrors: [] });
  });

  it.each([
    ['an Entra ID token as a bearer', `${route}?api-version=2025-04-01-preview`, { authorization: `Bearer ${AZURE_DEFAULT_AD_TOKEN}` }, 200],
    ['the key as an OpenAI-style bearer', `${route}?api-version=2025-04-01-preview`, { authorization: 'Bearer test-upstream-key-0000' }, 401],
    ['a wrong api-key', `${route}?api-version=2025-04-01-preview`, { 'api-key': 'wrong' }, 401],
    ['no api-version', route, { 'api-key': 'test-upstream-key-0000' }, 404],
    ['an api-version it does not serve', `${route}?api-version=2023-05-15`, { 'api-key': 'test-upstream-key-0000' }, 404],
    ['an unknown deployment', '/openai/deployments/nope/images/generations?api-version=2025-04-01-preview', { 'api-key': 'test-upstream-key-0000' }, 404],
    ['OpenAI\'s path without a deployment', '/openai/images/generations?api-version=2025-04-01-preview', { 'api-key': 'test-upstream-key-0000' }, 404],
  ])('answers %s as Azure would', async (_name, path, headers, status) => {
    const res = await post(path, headers);
    expect(res.status).toBe(status);
    if (status !== 200) expect(((await res.json()) as { error: { message: string } }).error.message).toBeTruthy();
  });

  it('names a missing deployment as Azure does', async () => {
    const res = await post('/openai/deployments/nope/images/generations?api-version=2025-04-01-preview', { 'api-key': standIn.apiKey });
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('DeploymentNotFound');
  });

  it('has no Azure routes unless asked for', async () => {
    const plain = await startOpenAIStandIn();
    try {
      const res = await fetch(`${plain.azureEndpoint}${route}?api-version=2025-04-01-preview`, { method: 'POST', headers: { 'api-key': plain.apiKey } });
      expect(res.status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
