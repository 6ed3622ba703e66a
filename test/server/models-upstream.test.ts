/**
 * Today's models end to end through the backend and the OpenAI stand-in (whose spec carries Figment's marked
 * extension for 2.5/2.6, test/spec/figment-extensions.ts): a team's pairing served, 2.6's fields reaching
 * upstream exactly, model-specific refusals and retired models refused before any upstream call.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BackendConfig, ErrorResponse, ImagesResponse } from '../../contract/api';
import { costFromUsage } from '../../core/cost';
import { findModel } from '../../core/models';
import { validateAgainst } from '../spec/openapi';
import { startOpenAIStandIn, type StandIn } from '../standin';
import { readSse, solidPng, startTestBackend, type TestBackend } from './helpers';

let standIn: StandIn;
let backend: TestBackend;
beforeAll(async () => {
  standIn = await startOpenAIStandIn();
  backend = await startTestBackend({
    env: { OPENAI_API_KEY: standIn.apiKey, OPENAI_BASE_URL: standIn.baseURL, FIGMENT_MODEL: 'gpt-image-2.6-sunburst', FIGMENT_ALLOWED_MODELS: 'gpt-image-2.6-flare,gpt-image-2', FIGMENT_MODERATION: 'off' },
  });
});
afterAll(async () => {
  await backend.close(1000);
  await standIn.close();
});
beforeEach(() => standIn.reset());

const generate = (json: Record<string, unknown>) => backend.call('/v1/images/generations', { json });
const images = () => standIn.requests.filter((r) => r.path.startsWith('/v1/images'));
const errorOf = async (res: Response) => ((await res.json()) as ErrorResponse).error;

describe('a backend on gpt-image-2.6-sunburst that also allows 2.6 Flare and gpt-image-2', () => {
  it('lists all three in /v1/config with their capabilities, the default first', async () => {
    const config = (await (await backend.call('/v1/config')).json()) as BackendConfig;
    expect(config.defaultModel).toBe('gpt-image-2.6-sunburst');
    expect(config.models.map((m) => m.id)).toEqual(['gpt-image-2.6-sunburst', 'gpt-image-2.6-flare', 'gpt-image-2']);
    expect(config.models[1]).toMatchObject({ qualities: ['low', 'medium', 'high', 'xhigh', 'max'], complexities: ['low', 'medium', 'high'], transparentBackground: true, prices: { imageOut: 30 } });
    expect(config.models[2]).toMatchObject({ qualities: ['low', 'medium', 'high'], complexities: [] });
    expect(config).toMatchObject({ draftModel: 'gpt-image-2.6-sunburst', editModel: 'gpt-image-2.6-sunburst' });
  });

  it.each(['gpt-image-2.6-sunburst', 'gpt-image-2.6-flare', 'gpt-image-2'])('serves %s', async (model) => {
    const res = await generate({ model, prompt: 'a kite', size: '1024x1024', quality: 'low' });
    expect(res.status).toBe(200);
    expect(images()[0]!.json).toMatchObject({ model });
    expect(images()[0]!.requestErrors).toEqual([]);
  });

  it('sends gpt-image-2.6-flare, xhigh and complexity low at 16:9 upstream exactly as asked, spec-valid with the extension', async () => {
    const res = await generate({ model: 'gpt-image-2.6-flare', prompt: 'a harbour at dawn', size: '2048x1152', quality: 'xhigh', complexity: 'low', stream: true, partial_images: 1 });
    expect(res.status).toBe(200);
    const events = await readSse(res);
    expect(events.at(-1)!.event).toBe('image_generation.completed');
    const [sent] = images();
    expect(sent!.json).toEqual({ model: 'gpt-image-2.6-flare', prompt: 'a harbour at dawn', size: '2048x1152', quality: 'xhigh', complexity: 'low', n: 1, output_format: 'png', partial_images: 1, stream: true });
    expect(sent!.requestErrors).toEqual([]);
    expect(sent!.answerErrors).toEqual([]);
    expect(JSON.parse(events.at(-1)!.data)).toMatchObject({ quality: 'xhigh', size: '2048x1152' });
  });

  it('refuses what the chosen model cannot do, naming the field, before any upstream call', async () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ model: 'gpt-image-2', quality: 'xhigh' }, 'quality', /gpt-image-2 does not take quality "xhigh"; use low, medium, high, auto/],
      [{ model: 'gpt-image-2', complexity: 'low' }, 'complexity', /only GPT Image 2\.6 models take it/],
      [{ model: 'gpt-image-2.6-flare', quality: 'ultra' }, 'quality', /quality/],
      [{ model: 'gpt-image-2.6-flare', complexity: 'extreme' }, 'complexity', /complexity/],
    ];
    for (const [fields, param, message] of cases) {
      const res = await generate({ prompt: 'x', size: '1024x1024', ...fields });
      expect(res.status).toBe(400);
      const error = await errorOf(res);
      expect(error.param).toBe(param);
      expect(error.message).toMatch(message);
    }
    expect(images()).toEqual([]);
  });

  it('refuses gpt-image-1.5 with the retirement message and no upstream call, on generations and edits', async () => {
    const res = await generate({ model: 'gpt-image-1.5', prompt: 'a kite', size: '1024x1024' });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toEqual({
      message: 'gpt-image-1.5 was shut down by OpenAI on 2026-12-01; use gpt-image-2.6-sunburst or gpt-image-2.6-flare instead.',
      type: 'invalid_request_error',
      param: 'model',
      code: 'model_retired',
    });
    const form = new FormData();
    form.append('prompt', 'warmer');
    form.append('model', 'gpt-image-1-mini');
    form.append('image', new Blob([new Uint8Array(solidPng(32, 32, [0, 0, 0, 255]))]), 'frame.png');
    const edit = await backend.call('/v1/images/edits', { method: 'POST', body: form });
    expect(edit.status).toBe(400);
    expect((await errorOf(edit)).message).toMatch(/^gpt-image-1-mini was shut down by OpenAI on 2026-12-01; use gpt-image-2\.6-flare/);
    expect(standIn.requests).toEqual([]);
  });
});

describe('the spec extension', () => {
  it('accepts xhigh/max only with a 2.5 or 2.6 model and complexity only with 2.6, and still refuses what the spec refuses', () => {
    expect(validateAgainst('CreateImageRequest', { prompt: 'x', model: 'gpt-image-2.5-flare', quality: 'max' })).toEqual([]);
    expect(validateAgainst('CreateImageRequest', { prompt: 'x', model: 'gpt-image-2.6-sunburst-2026-11-04', quality: 'xhigh', complexity: 'high' })).toEqual([]);
    expect(validateAgainst('CreateImageRequest', { prompt: 'x', model: 'gpt-image-2', quality: 'xhigh' })).not.toEqual([]);
    expect(validateAgainst('CreateImageRequest', { prompt: 'x', model: 'gpt-image-2.5-sunburst', complexity: 'low' })).not.toEqual([]);
    expect(validateAgainst('CreateImageRequest', { prompt: 'x', model: 'gpt-image-2.6-flare', complexity: 'extreme' })).not.toEqual([]);
    expect(validateAgainst('CreateImageRequest', { prompt: 'x', model: 'gpt-image-2.6-flare', quality: 'ultra' })).not.toEqual([]);
    expect(validateAgainst('CreateImageEditRequest', { prompt: 'x', image: '<file>', model: 'gpt-image-2.6-flare', quality: 'max', complexity: 'medium' })).toEqual([]);
  });
});

describe('budgets follow the model', () => {
  it('records each job\'s spend at its own model\'s rates, a team\'s models file included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fgm-models-'));
    const file = join(dir, 'models.json');
    writeFileSync(file, JSON.stringify({ models: [{ id: 'house-image', extends: 'gpt-image-2', label: 'House', goodFor: 'tests', prices: { textIn: 50, imageIn: 80, imageOut: 300 } }] }));
    const house = await startTestBackend({
      env: { OPENAI_API_KEY: standIn.apiKey, OPENAI_BASE_URL: standIn.baseURL, FIGMENT_MODEL: 'house-image', FIGMENT_MODELS_FILE: file, FIGMENT_SPEND_PER_DAY_USD: '10', FIGMENT_MODERATION: 'off' },
    });
    try {
      const res = await house.call('/v1/images/generations', { json: { prompt: 'a kite', size: '1024x1024', quality: 'low' } });
      expect(res.status).toBe(200);
      const { usage } = (await res.json()) as ImagesResponse;
      expect(images()[0]!.json).toMatchObject({ model: 'house-image' });
      const config = (await (await house.call('/v1/config')).json()) as BackendConfig;
      // Ten times gpt-image-2's rates for every kind of token: ten times its cost.
      const spent = costFromUsage({ ...findModel('gpt-image-2')!, id: 'house-image', prices: { textIn: 50, imageIn: 80, imageOut: 300 } }, usage!);
      expect(spent).toBeCloseTo(10 * costFromUsage('gpt-image-2', usage!), 9);
      expect(spent).toBeGreaterThan(0);
      expect(config.remaining.spendTodayUsd).toBeCloseTo(10 - spent, 6);
    } finally {
      await house.close(1000);
    }
  });
});
