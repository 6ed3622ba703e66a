/** `POST /v1/responses` with the demo provider: the restrictions, streaming, and the image kept as a job. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_ID_HEADER, type JobInfo } from '../../contract/api';
import { pngSize, readSse, solidPng, startTestBackend, type TestBackend } from './helpers';

let backend: TestBackend;
beforeAll(async () => {
  backend = await startTestBackend();
});
afterAll(() => backend.close(1000));

const tool = { type: 'image_generation', model: 'gpt-image-2', size: '1536x1024', quality: 'low', partial_images: 1 };
const respond = (json: unknown) => backend.call('/v1/responses', { json });

describe('POST /v1/responses', () => {
  it('streams the image tool events and keeps the image as a job', async () => {
    const res = await respond({ model: 'gpt-5.5', input: 'a teal app icon', tools: [tool], stream: true });
    expect(res.status).toBe(200);
    const jobId = res.headers.get(JOB_ID_HEADER)!;
    const events = await readSse(res);
    const types = events.map((e) => e.event);
    expect(types).toContain('response.image_generation_call.partial_image');
    expect(types.at(-2)).toBe('response.output_item.done');
    expect(types.at(-1)).toBe('response.completed');
    const item = (JSON.parse(events.at(-2)!.data) as { item: { result: string } }).item;
    expect(pngSize(Buffer.from(item.result, 'base64'))).toEqual({ width: 1536, height: 1024 });

    const info = (await (await backend.call(`/v1/jobs/${jobId}`)).json()) as JobInfo;
    expect(info).toMatchObject({ kind: 'conversation', status: 'succeeded', size: '1536x1024' });
    const kept = await backend.call(info.images[0]!.url);
    expect(Buffer.from(await kept.arrayBuffer()).equals(Buffer.from(item.result, 'base64'))).toBe(true);
  });

  it('continues a conversation with previous_response_id and input images, non-streaming', async () => {
    const first = (await (await respond({ input: 'a mug', tools: [tool] })).json()) as { id: string; output: Array<{ result: string }> };
    expect(first.id).toMatch(/^resp_/);
    const image = `data:image/png;base64,${solidPng(8, 8).toString('base64')}`;
    const res = await respond({
      previous_response_id: first.id,
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'put this logo on it' }, { type: 'input_image', image_url: image }] }],
      tools: [tool],
    });
    expect(res.status).toBe(200);
    const second = (await res.json()) as { output: Array<{ result: string }> };
    expect(second.output[0]!.result).not.toBe(first.output[0]!.result);
  });

  it.each([
    ['another tool', { input: 'x', tools: [{ type: 'web_search' }] }, 'tools'],
    ['a second tool next to it', { input: 'x', tools: [tool, { type: 'code_interpreter' }] }, 'tools'],
    ['no tool', { input: 'x', tools: [] }, 'tools'],
    ['a mainline model not allowed', { model: 'gpt-4o', input: 'x', tools: [tool] }, 'model'],
    ['an image model not allowed', { input: 'x', tools: [{ ...tool, model: 'dall-e-3' }] }, 'model'],
    ['a bad size', { input: 'x', tools: [{ ...tool, size: '999x999' }] }, 'size'],
    ['an image URL to fetch', { input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'http://169.254.169.254/latest' }] }], tools: [tool] }, 'input'],
    ['a file id', { input: [{ role: 'user', content: [{ type: 'input_file', file_id: 'file-1' }] }], tools: [tool] }, 'input'],
    ['an unknown field', { input: 'x', tools: [tool], reasoning: { effort: 'high' } }, 'reasoning'],
    ['an assistant message', { input: [{ role: 'assistant', content: 'hi' }], tools: [tool] }, 'input'],
  ])('refuses %s', async (_name, json, param) => {
    const res = await respond(json);
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { param: string; code: string } };
    expect(error.param.startsWith(param)).toBe(true);
  });
});
