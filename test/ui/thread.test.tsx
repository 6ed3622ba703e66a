// @vitest-environment happy-dom
/** Issue 3, the pure parts: which layers go along with an edit and request bodies (the mask is painted in test/ui/mask-raster.test.ts). */
import { describe, expect, it } from 'vitest';
import { chooseFocus, type FocusFacts } from '../../src/focus';
import { createBackendClient } from '../../ui/api/client';
import { editForm } from '../../ui/api/edit-form';
import { conversationRequest, editFiles, editRequest, withImages, type ImageAsk } from '../../ui/run/bodies';
import { chunked, pngBytes, sse, sseResponse } from './fixtures';
import { findModel } from '../../core/models';

const facts = (id: string, over: Partial<FocusFacts> = {}): FocusFacts => ({
  id, name: id, type: 'FRAME', locked: false, box: { x: 0, y: 0, width: 100, height: 100 }, imageScaleMode: null, hasThread: false, ...over,
});

describe('chooseFocus (reference selection)', () => {
  const frame = facts('frame', { imageScaleMode: 'FILL', hasThread: true, box: { x: 0, y: 0, width: 400, height: 300 } });
  const logo = facts('logo', { type: 'RECTANGLE', imageScaleMode: 'FIT', box: { x: 900, y: 0, width: 40, height: 40 } });
  const photo = facts('photo', { imageScaleMode: 'FILL', box: { x: 0, y: 900, width: 800, height: 800 } });
  const over = facts('over', { type: 'ELLIPSE', box: { x: 350, y: 250, width: 100, height: 100 } });
  const away = facts('away', { type: 'RECTANGLE', box: { x: 500, y: 500, width: 10, height: 10 } });

  it('the threaded frame is the subject, even next to a larger image; other image layers are references', () => {
    const choice = chooseFocus([logo, photo, frame], 15)!;
    expect(choice.subject.id).toBe('frame');
    expect(choice.references.map((r) => r.id)).toEqual(['logo', 'photo']);
    expect(choice.mask).toBeNull();
  });

  it('caps references at the model limit', () => {
    expect(chooseFocus([frame, logo, photo], 1)!.references.map((r) => r.id)).toEqual(['logo']);
  });

  it('an empty shape overlapping the subject is the region; one elsewhere is ignored', () => {
    expect(chooseFocus([away, over, frame], 15)!.mask?.id).toBe('over');
    expect(chooseFocus([away, frame], 15)!.mask).toBeNull();
    expect(chooseFocus([away, frame], 15)!.references).toEqual([]);
  });

  it('rectangles, ellipses, polygons, stars and vectors mark regions; a line has no area', () => {
    for (const type of ['RECTANGLE', 'ELLIPSE', 'POLYGON', 'STAR', 'VECTOR']) expect(chooseFocus([{ ...over, type }, frame], 15)!.mask?.id).toBe('over');
    expect(chooseFocus([{ ...over, type: 'LINE' }, frame], 15)!.mask).toBeNull();
    expect(chooseFocus([{ ...over, type: 'TEXT' }, frame], 15)!.mask).toBeNull();
  });

  it('without threads the largest image layer is the subject; no image, locked, or two threads: no focus', () => {
    expect(chooseFocus([{ ...frame, hasThread: false }, photo], 15)!.subject.id).toBe('photo');
    expect(chooseFocus([facts('plain'), away], 15)).toBeNull();
    expect(chooseFocus([{ ...frame, locked: true }], 15)).toBeNull();
    expect(chooseFocus([frame, { ...photo, hasThread: true }], 15)).toBeNull();
  });
});

const frame = pngBytes(4, 3, 1);
const logo = pngBytes(2, 2, 5);
/** A team's model that takes input_fidelity (no built-in one does). */
const house = { ...findModel('gpt-image-2')!, id: 'house-model', inputFidelity: true };
const ask: ImageAsk = { prompt: 'warmer', model: house, size: '1536x1024', quality: 'medium', n: 2 };

describe('edit requests', () => {
  it('multipart: the frame image first, then the references, then the mask; input_fidelity only where accepted', async () => {
    const mask = pngBytes(4, 3, 9);
    const form = editForm(editRequest(ask), editFiles(frame, [logo], mask));
    const files = [...form.entries()].filter(([, v]) => typeof v !== 'string') as Array<[string, File]>;
    expect(files.map(([k]) => k)).toEqual(['image[]', 'image[]', 'mask']);
    expect(new Uint8Array(await files[0]![1].arrayBuffer())).toEqual(frame);
    expect(new Uint8Array(await files[1]![1].arrayBuffer())).toEqual(logo);
    expect(new Uint8Array(await files[2]![1].arrayBuffer())).toEqual(mask);
    expect(form.get('input_fidelity')).toBe('high');
    expect(form.get('n')).toBe('2');
    expect(form.get('model')).toBe('house-model');
    expect(form.get('output_format')).toBe('png');
    expect(form.get('partial_images')).toBe('2');
    expect(form.get('complexity')).toBeNull();
    expect(editForm(editRequest({ ...ask, model: 'gpt-image-2.6-sunburst', complexity: 'low' }), editFiles(frame, [], null)).get('complexity')).toBe('low');
    const two = editForm(editRequest({ ...ask, model: 'gpt-image-2' }), editFiles(frame, [], null));
    expect(two.get('input_fidelity')).toBeNull();
    expect(two.get('background')).toBeNull();
    expect(two.get('mask')).toBeNull();
    const clear = editForm(editRequest({ ...ask, background: 'transparent' }), editFiles(frame, [], null));
    expect(clear.get('background')).toBe('transparent');
  });

  it('conversation: the first turn carries the image; a continued one carries previous_response_id instead', () => {
    const first = withImages(conversationRequest(ask, undefined), [frame, logo], null) as { input: Array<{ content: Array<{ type: string }> }>; tools: unknown[] };
    expect(first.input[0]!.content.map((c) => c.type)).toEqual(['input_text', 'input_image', 'input_image']);
    expect(first.tools).toEqual([expect.objectContaining({ type: 'image_generation', size: '1536x1024' })]);
    const next = withImages(conversationRequest(ask, 'resp_1'), [logo], pngBytes(4, 3)) as unknown as Record<string, unknown>;
    expect(next.previous_response_id).toBe('resp_1');
    expect((next.input as Array<{ content: unknown[] }>)[0]!.content).toHaveLength(2);
    const plain = withImages(conversationRequest(ask, 'resp_1'), [], null);
    expect(plain.input).toBe('warmer');
    expect((next.tools as Array<Record<string, unknown>>)[0]!.input_image_mask).toEqual({ image_url: expect.stringMatching(/^data:image\/png;base64,/) });
    expect((next.tools as Array<Record<string, unknown>>)[0]!.background).toBeUndefined();
    const clear = conversationRequest({ ...ask, background: 'transparent' }, undefined);
    expect(clear.tools[0]!.background).toBe('transparent');
    // The Responses tool takes OpenAI's qualities only: Figment's extensions go as its highest.
    expect(conversationRequest({ ...ask, quality: 'xhigh' }, undefined).tools[0]!.quality).toBe('high');
  });

  it('reads the conversation stream: partials, the image, and the id to continue with', async () => {
    const text = [
      sse({ type: 'response.created' }),
      sse({ type: 'response.image_generation_call.partial_image', partial_image_index: 0, partial_image_b64: 'AAAA' } as { type: string }),
      sse({ type: 'response.output_item.done', item: { type: 'image_generation_call', result: 'QUJD' } } as { type: string }),
      sse({ type: 'response.completed', response: { id: 'resp_42' } } as { type: string }),
    ].join('');
    const fetchImpl = (async () => sseResponse(chunked(text, [7, 50, 3]), { 'x-figment-job-id': 'job_9' })) as typeof fetch;
    const client = createBackendClient({ backendUrl: 'http://b', accessToken: 't' }, fetchImpl);
    const stream = await client.conversationStream(conversationRequest(ask, undefined), { signal: new AbortController().signal });
    const events = [];
    for await (const e of stream) events.push(e);
    expect(stream.jobId).toBe('job_9');
    expect(events).toEqual([
      { kind: 'partial', b64: 'AAAA', index: 0 },
      { kind: 'image', b64: 'QUJD' },
      { kind: 'completed', responseId: 'resp_42' },
    ]);
  });
});
