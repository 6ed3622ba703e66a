/**
 * The backend with FIGMENT_PROVIDER=azure against the stand-in's Azure face: generations, edits and streams go
 * to the deployment routes with the api-version and the right credential, through the one provider path
 * (retries, SSE relay, errors); what Azure lacks is reported by /v1/config and refused before any upstream call.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BackendConfig, CompletedImageEvent } from '../../contract/api';
import { DEFAULT_AZURE_API_VERSION } from '../../server/providers/azure';
import { validateAgainst } from '../spec/openapi';
import { startOpenAIStandIn, type StandIn } from '../standin';
import { AZURE_DEFAULT_AD_TOKEN } from '../standin/azure';
import { pngSize, readSse, solidPng, startTestBackend, type TestBackend } from './helpers';

let standIn: StandIn;
let backend: TestBackend;

const azureEnv = (extra: Record<string, string> = {}) => ({
  FIGMENT_PROVIDER: 'azure',
  AZURE_OPENAI_ENDPOINT: standIn.azureEndpoint,
  AZURE_OPENAI_API_KEY: standIn.apiKey,
  FIGMENT_AZURE_DEPLOYMENTS: 'gpt-image-2=images-prod,gpt-image-2.5-flare=flare-eu',
  FIGMENT_ALLOWED_MODELS: 'gpt-image-2.5-flare,gpt-image-2.6-sunburst',
  ...extra,
});
// Generous bounds: the first request under load compiles the stand-in's spec schemas; timeouts are tested elsewhere.
const upstreamConfig = { upstreamMaxRetries: 1, upstreamTimeoutMs: 30_000, upstreamIdleMs: 30_000 };

beforeAll(async () => {
  standIn = await startOpenAIStandIn({ azure: { deployments: { 'images-prod': 'gpt-image-2', 'flare-eu': 'gpt-image-2.5-flare' } } });
  backend = await startTestBackend({ env: azureEnv(), config: upstreamConfig });
});
afterAll(async () => {
  await backend.close(1000);
  await standIn.close();
});
beforeEach(() => standIn.reset());

const generate = (json: Record<string, unknown>) => backend.call('/v1/images/generations', { json });

function editForm(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  f.append('image[]', new Blob([solidPng(32, 32) as BlobPart], { type: 'image/png' }), 'frame.png');
  f.append('mask', new Blob([solidPng(32, 32, [0, 0, 0, 0]) as BlobPart], { type: 'image/png' }), 'mask.png');
  return f;
}

describe('Azure OpenAI with a key', () => {
  it('streams a generation from the model\'s deployment with api-version and the api-key header', async () => {
    const res = await generate({ prompt: 'a harbour at dawn', size: '1536x864', quality: 'low', stream: true, partial_images: 1 });
    expect(res.status).toBe(200);
    const events = await readSse(res);
    expect(events.map((e) => e.event)).toEqual(['image_generation.partial_image', 'image_generation.completed']);
    const [sent, ...rest] = standIn.requests;
    expect(rest).toEqual([]); // no moderation call: Azure has no moderation endpoint
    expect(sent!.path).toBe('/openai/deployments/images-prod/images/generations');
    expect(sent!.query).toEqual({ 'api-version': DEFAULT_AZURE_API_VERSION });
    expect(sent!.headers['api-key']).toBe(standIn.apiKey);
    expect(sent!.headers.authorization).toBeUndefined();
    expect(sent!.requestErrors).toEqual([]);
    expect(sent!.answerErrors).toEqual([]);
    const done = JSON.parse(events[1]!.data) as CompletedImageEvent;
    expect(validateAgainst('ImageGenCompletedEvent', done)).toEqual([]);
    expect(Buffer.from(done.b64_json, 'base64').equals(Buffer.from(standIn.replies[0]!.finals[0]!))).toBe(true);
  });

  it('answers a non-streaming generation from another model\'s deployment', async () => {
    const res = await generate({ model: 'gpt-image-2.5-flare', prompt: 'flat icon', size: '1024x1024' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: Array<{ b64_json: string }> };
    expect(standIn.requests[0]!.path).toBe('/openai/deployments/flare-eu/images/generations');
    expect(Buffer.from(body.data[0]!.b64_json, 'base64').equals(Buffer.from(standIn.replies[0]!.finals[0]!))).toBe(true);
  });

  it('sends a multipart edit, mask included, to the deployment and relays its stream', async () => {
    const res = await backend.call('/v1/images/edits', { method: 'POST', body: editForm({ prompt: 'warmer light', size: '1024x1024', stream: 'true', partial_images: '1' }) });
    expect(res.status).toBe(200);
    const events = await readSse(res);
    expect(events.map((e) => e.event)).toEqual(['image_edit.partial_image', 'image_edit.completed']);
    const sent = standIn.requests[0]!;
    expect(sent.path).toBe('/openai/deployments/images-prod/images/edits');
    expect(sent.query['api-version']).toBe(DEFAULT_AZURE_API_VERSION);
    expect(sent.form?.files.map((f) => f.field).sort()).toEqual(['image[]', 'mask']);
    expect(sent.requestErrors).toEqual([]);
    const done = JSON.parse(events[1]!.data) as CompletedImageEvent;
    expect(pngSize(Buffer.from(done.b64_json, 'base64'))).toEqual({ width: 1024, height: 1024 });
  });

  it('retries a 429 on the same path, then succeeds', async () => {
    standIn.setFaults({ status429: 1 });
    const res = await generate({ prompt: 'retry me', size: '1024x1024' });
    expect(res.status).toBe(200);
    expect(standIn.requests.map((r) => r.path)).toEqual(Array(2).fill('/openai/deployments/images-prod/images/generations'));
  });

  it('refuses an allowed model without a deployment before any upstream call, and says so in /v1/config', async () => {
    const res = await generate({ model: 'gpt-image-2.6-sunburst', prompt: 'x', size: '1024x1024' });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; param: string; message: string } };
    expect(error).toMatchObject({ code: 'unsupported_model', param: 'model' });
    expect(error.message).toMatch(/not deployed/);
    expect(standIn.requests).toEqual([]);

    const config = (await (await backend.call('/v1/config')).json()) as BackendConfig;
    expect(config.provider).toBe('azure');
    expect(Object.keys(config.capabilities!.modelsUnavailable)).toEqual(['gpt-image-2.6-sunburst']);
    expect(config.capabilities!.conversationUnavailable).toMatch(/Azure/);
    expect(config.moderation).toBe('off');
  });

  it('refuses the conversation engine with the reason, before any upstream call', async () => {
    const res = await backend.call('/v1/responses', {
      json: { model: 'gpt-5.5', input: 'a fox', tools: [{ type: 'image_generation', size: '1024x1024' }], stream: true },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/Responses API image tool/);
    expect(standIn.requests).toEqual([]);
  });

  it('refuses translation, which would need a text model deployment, and says so in /v1/config', async () => {
    const res = await backend.call('/v1/translations', { json: { texts: ['Buy now'], languages: ['French'] } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/Azure OpenAI/);
    expect(standIn.requests).toEqual([]);
    const config = (await (await backend.call('/v1/config')).json()) as BackendConfig;
    expect(config.capabilities!.translationsUnavailable).toMatch(/image models only/);
  });

  it('reports a key Azure refuses as upstream_auth_failed, never echoing it', async () => {
    const wrong = await startTestBackend({ env: azureEnv({ AZURE_OPENAI_API_KEY: 'not-the-resource-key' }), config: upstreamConfig });
    try {
      const res = await wrong.call('/v1/images/generations', { json: { prompt: 'x', size: '1024x1024' } });
      expect(res.status).toBe(502);
      const text = await res.text();
      expect(JSON.parse(text).error.code).toBe('upstream_auth_failed');
      expect(text).not.toContain('not-the-resource-key');
    } finally {
      await wrong.close(1000);
    }
  });
});

describe('Azure OpenAI with Microsoft Entra ID', () => {
  it('sends a static AZURE_OPENAI_AD_TOKEN as a bearer and no api-key', async () => {
    const entra = await startTestBackend({ env: azureEnv({ AZURE_OPENAI_API_KEY: '', AZURE_OPENAI_AD_TOKEN: AZURE_DEFAULT_AD_TOKEN }), config: upstreamConfig });
    try {
      const res = await entra.call('/v1/images/generations', { json: { prompt: 'entra', size: '1024x1024' } });
      expect(res.status).toBe(200);
      expect(standIn.requests[0]!.headers.authorization).toBe(`Bearer ${AZURE_DEFAULT_AD_TOKEN}`);
      expect(standIn.requests[0]!.headers['api-key']).toBeUndefined();
    } finally {
      await entra.close(1000);
    }
  });

  it('asks a token provider hook for a token on every request', async () => {
    let asked = 0;
    const azureADTokenProvider = () => {
      asked++;
      return Promise.resolve(AZURE_DEFAULT_AD_TOKEN);
    };
    const entra = await startTestBackend({ env: azureEnv({ AZURE_OPENAI_API_KEY: '' }), config: upstreamConfig, azureADTokenProvider });
    try {
      for (const prompt of ['one', 'two']) {
        expect((await entra.call('/v1/images/generations', { json: { prompt, size: '1024x1024' } })).status).toBe(200);
      }
      expect(asked).toBe(2);
      expect(standIn.requests.map((r) => r.headers.authorization)).toEqual(Array(2).fill(`Bearer ${AZURE_DEFAULT_AD_TOKEN}`));
    } finally {
      await entra.close(1000);
    }
  });
});
