/**
 * Edits and the Responses engine through the real OpenAI provider and the stand-in: multipart bodies checked
 * against CreateImageEditRequest, events against the spec's edit and Responses image events.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CompletedImageEvent } from '../../contract/api';
import { startOpenAIStandIn, type StandIn } from '../standin';
import { readSse, solidPng, startTestBackend, type TestBackend } from './helpers';

let standIn: StandIn;
let backend: TestBackend;
beforeAll(async () => {
  standIn = await startOpenAIStandIn();
  backend = await startTestBackend({ env: { OPENAI_API_KEY: standIn.apiKey, OPENAI_BASE_URL: standIn.baseURL, FIGMENT_ALLOWED_MODELS: 'gpt-image-2,gpt-image-2.6-sunburst' } });
});
afterAll(async () => {
  await backend.close(1000);
  await standIn.close();
});
beforeEach(() => standIn.reset());

const only = (path: string) => standIn.requests.filter((r) => r.path === path);

describe('edits through OpenAI', () => {
  it('forwards the frame image, references and mask as multipart and relays image_edit events', async () => {
    const frame = solidPng(96, 64, [10, 20, 30, 255]);
    const logo = solidPng(16, 16, [200, 0, 0, 255]);
    const mask = solidPng(96, 64, [0, 0, 0, 0]);
    const form = new FormData();
    form.append('prompt', 'put this logo on the mug');
    form.append('model', 'gpt-image-2.6-sunburst');
    form.append('size', '1536x1024');
    form.append('quality', 'xhigh');
    form.append('complexity', 'medium');
    form.append('stream', 'true');
    form.append('partial_images', '1');
    form.append('image[]', new Blob([new Uint8Array(frame)]), 'frame.png');
    form.append('image[]', new Blob([new Uint8Array(logo)]), 'logo.png');
    form.append('mask', new Blob([new Uint8Array(mask)]), 'mask.png');
    const res = await backend.call('/v1/images/edits', { method: 'POST', body: form });
    expect(res.status).toBe(200);
    const events = await readSse(res);
    expect(events.map((e) => e.event)).toEqual(['image_edit.partial_image', 'image_edit.completed']);

    const [sent] = only('/v1/images/edits');
    expect(sent!.requestErrors).toEqual([]);
    expect(sent!.answerErrors).toEqual([]);
    expect(sent!.form!.fields).toMatchObject({ prompt: 'put this logo on the mug', model: 'gpt-image-2.6-sunburst', quality: 'xhigh', complexity: 'medium', size: '1536x1024', stream: 'true' });
    const files = sent!.form!.files;
    expect(files.map((f) => f.field)).toEqual(['image[]', 'image[]', 'mask']);
    expect(Buffer.from(files[0]!.bytes).equals(frame)).toBe(true);
    expect(Buffer.from(files[1]!.bytes).equals(logo)).toBe(true);
    expect(Buffer.from(files[2]!.bytes).equals(mask)).toBe(true);
    expect(files[0]!.type).toBe('image/png');
    const done = JSON.parse(events[1]!.data) as CompletedImageEvent;
    expect(Buffer.from(done.b64_json, 'base64').equals(Buffer.from(standIn.replies[0]!.finals[0]!))).toBe(true);
  });
});

describe('the conversation engine through OpenAI', () => {
  const tool = { type: 'image_generation', model: 'gpt-image-2', size: '1024x1536', quality: 'medium', partial_images: 1 };

  it('relays the Responses image events and continues with previous_response_id', async () => {
    const first = await backend.call('/v1/responses', { json: { model: 'gpt-5.5', input: 'a poster for a jazz night', tools: [tool], stream: true } });
    const events = await readSse(first);
    const types = events.map((e) => e.event);
    expect(types).toEqual(expect.arrayContaining(['response.created', 'response.image_generation_call.partial_image', 'response.output_item.done', 'response.completed']));
    const id = (JSON.parse(events.at(-1)!.data) as { response: { id: string } }).response.id;
    const [sent] = only('/v1/responses');
    expect(sent!.requestErrors).toEqual([]);
    expect(sent!.answerErrors).toEqual([]);
    expect(sent!.json).toMatchObject({ model: 'gpt-5.5', tools: [{ type: 'image_generation', model: 'gpt-image-2', size: '1024x1536' }], stream: true });

    const second = await backend.call('/v1/responses', { json: { model: 'gpt-5.5', previous_response_id: id, input: 'like that, but at night', tools: [tool], stream: true } });
    await readSse(second);
    expect(only('/v1/responses')[1]!.json).toMatchObject({ previous_response_id: id });
    expect(only('/v1/responses')[1]!.requestErrors).toEqual([]);
  });

  it('never forwards a request carrying another tool', async () => {
    const res = await backend.call('/v1/responses', { json: { input: 'x', tools: [tool, { type: 'web_search' }] } });
    expect(res.status).toBe(400);
    expect(only('/v1/responses')).toHaveLength(0);
  });
});
