/** The stand-in itself, driven by the real `openai` SDK: it must speak OpenAI's wire format and misbehave on cue. */
import OpenAI, { toFile } from 'openai';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startOpenAIStandIn, type StandIn } from './index';

let standIn: StandIn;
let client: OpenAI;
beforeAll(async () => {
  standIn = await startOpenAIStandIn();
  client = new OpenAI({ apiKey: standIn.apiKey, baseURL: standIn.baseURL, maxRetries: 0 });
});
afterAll(() => standIn.close());
beforeEach(() => standIn.reset());

const decode = (b64: string) => PNG.sync.read(Buffer.from(b64, 'base64'));
const png = (w: number, h: number, alpha = 255) => {
  const p = new PNG({ width: w, height: h });
  p.data.fill(alpha);
  return PNG.sync.write(p);
};
const expectClean = () => {
  for (const r of standIn.requests) {
    expect(r.requestErrors).toEqual([]);
    expect(r.answerErrors).toEqual([]);
  }
};

describe('the OpenAI stand-in', () => {
  it('answers generations with real PNGs of the requested size, different per request', async () => {
    const a = await client.images.generate({ model: 'gpt-image-2', prompt: 'a', size: '1536x864', quality: 'low' });
    const b = await client.images.generate({ model: 'gpt-image-2', prompt: 'a', size: '1536x864', quality: 'low' });
    const image = decode(a.data![0]!.b64_json!);
    expect([image.width, image.height]).toEqual([1536, 864]);
    expect(a.data![0]!.b64_json).not.toBe(b.data![0]!.b64_json);
    expect(a.usage?.output_tokens).toBe(120);
    expectClean();
  });

  it('streams partials then the final image', async () => {
    const stream = await client.images.generate({ model: 'gpt-image-2', prompt: 's', size: '1024x1024', stream: true, partial_images: 3 });
    const types: string[] = [];
    for await (const e of stream) types.push(e.type);
    expect(types).toEqual(['image_generation.partial_image', 'image_generation.partial_image', 'image_generation.partial_image', 'image_generation.completed']);
    expect(standIn.replies[0]!.partials).toHaveLength(3);
    expect(standIn.replies[0]!.finals).toHaveLength(1);
    expectClean();
  });

  it('takes multipart edits with several images and a mask, and records them', async () => {
    const stream = await client.images.edit({
      model: 'gpt-image-2',
      prompt: 'warmer',
      image: [await toFile(png(32, 32), 'a.png', { type: 'image/png' }), await toFile(png(8, 8), 'b.png', { type: 'image/png' })],
      mask: await toFile(png(32, 32, 0), 'm.png', { type: 'image/png' }),
      size: '1024x1536',
      stream: true,
      partial_images: 1,
    });
    const types: string[] = [];
    for await (const e of stream) types.push(e.type);
    expect(types).toEqual(['image_edit.partial_image', 'image_edit.completed']);
    const form = standIn.requests[0]!.form!;
    expect(form.files.map((f) => f.field)).toEqual(['image[]', 'image[]', 'mask']);
    expect(form.fields.prompt).toBe('warmer');
    expectClean();
  });

  it('moderates, flagging configured words', async () => {
    standIn.setFaults({ flagModeration: ['forbidden'] });
    const ok = await client.moderations.create({ model: 'omni-moderation-latest', input: 'a cat' });
    const bad = await client.moderations.create({ model: 'omni-moderation-latest', input: [{ type: 'text', text: 'FORBIDDEN thing' }] });
    expect(ok.results[0]!.flagged).toBe(false);
    expect(bad.results[0]!.flagged).toBe(true);
    expectClean();
  });

  it('streams the Responses API image tool', async () => {
    const stream = await client.responses.create({
      model: 'gpt-5.5',
      input: 'an icon',
      tools: [{ type: 'image_generation', model: 'gpt-image-2', size: '1024x1024', partial_images: 1 }],
      stream: true,
    });
    const types: string[] = [];
    for await (const e of stream) types.push(e.type);
    expect(types).toContain('response.image_generation_call.partial_image');
    expect(types.at(-1)).toBe('response.completed');
    expectClean();
  });

  it('refuses a wrong key, and misbehaves on cue', async () => {
    const wrong = new OpenAI({ apiKey: 'nope', baseURL: standIn.baseURL, maxRetries: 0 });
    await expect(wrong.images.generate({ model: 'gpt-image-2', prompt: 'x' })).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });

    standIn.setFaults({ status429: 1 });
    const limited = await client.images.generate({ model: 'gpt-image-2', prompt: 'x' }).catch((e: unknown) => e);
    expect(limited).toMatchObject({ status: 429 });
    expect((limited as { headers: Headers }).headers.get('retry-after')).toBe('1');

    standIn.setFaults({ status5xx: 1 });
    await expect(client.images.generate({ model: 'gpt-image-2', prompt: 'x' })).rejects.toMatchObject({ status: 500 });

    standIn.setFaults({ moderationBlocked: true });
    await expect(client.images.generate({ model: 'gpt-image-2', prompt: 'x' })).rejects.toMatchObject({ status: 400, code: 'moderation_blocked' });
    expectClean();
  });

  it('cuts streams, garbles events and hangs on cue', async () => {
    const consume = async () => {
      const s = await client.images.generate({ model: 'gpt-image-2', prompt: 'x', stream: true, partial_images: 2 });
      for await (const _ of s) void _;
    };
    standIn.setFaults({ cutStreamAfterPartials: 1 });
    await expect(consume()).rejects.toThrow();
    standIn.setFaults({ malformedEvent: true });
    await expect(consume()).rejects.toThrow();
    standIn.setFaults({ hang: true });
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 100);
    await expect(client.images.generate({ model: 'gpt-image-2', prompt: 'x' }, { signal: abort.signal })).rejects.toThrow();
  });

  it('answers 429 beyond its concurrency limit', async () => {
    standIn.setOptions({ maxConcurrent: 2, latencyMs: 100 });
    try {
      const results = await Promise.allSettled(Array.from({ length: 5 }, () => client.images.generate({ model: 'gpt-image-2', prompt: 'x' })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
      expect(standIn.rateLimited).toBe(3);
      expect(standIn.maxInFlightSeen).toBeGreaterThanOrEqual(2);
    } finally {
      standIn.setOptions({ maxConcurrent: Infinity, latencyMs: 0 });
    }
  });
});
