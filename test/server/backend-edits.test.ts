/** `POST /v1/images/edits` over real HTTP with the demo provider: multipart checks and image_edit events. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompletedImageEvent } from '../../contract/api';
import { pngSize, readSse, solidPng, startTestBackend, type TestBackend } from './helpers';

let backend: TestBackend;
beforeAll(async () => {
  backend = await startTestBackend({ env: { FIGMENT_MAX_UPLOAD_MB: '1' } });
});
afterAll(() => backend.close(1000));


function form(fields: Record<string, string>, files: Array<[string, Uint8Array, string]>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  for (const [field, bytes, name] of files) f.append(field, new Blob([bytes as BlobPart], { type: 'application/octet-stream' }), name);
  return f;
}

const edit = (body: FormData) => backend.call('/v1/images/edits', { method: 'POST', body });

describe('POST /v1/images/edits', () => {
  it('streams image_edit events for an image, references and a matching mask', async () => {
    const image = solidPng(64, 48);
    const res = await edit(
      form({ prompt: 'warmer light', size: '1536x1024', stream: 'true', partial_images: '1' }, [
        ['image[]', image, 'frame.png'],
        ['image[]', solidPng(16, 16, [0, 0, 255, 255]), 'logo.png'],
        ['mask', solidPng(64, 48, [0, 0, 0, 0]), 'mask.png'],
      ]),
    );
    expect(res.status).toBe(200);
    const events = await readSse(res);
    expect(events.map((e) => e.event)).toEqual(['image_edit.partial_image', 'image_edit.completed']);
    const done = JSON.parse(events[1]!.data) as CompletedImageEvent;
    expect(pngSize(Buffer.from(done.b64_json, 'base64'))).toEqual({ width: 1536, height: 1024 });
  });

  it('gives a different picture for a different input image', async () => {
    const run = async (rgba: [number, number, number, number]) => {
      const res = await edit(form({ prompt: 'same words', size: '1024x1024' }, [['image', solidPng(8, 8, rgba), 'a.png']]));
      return ((await res.json()) as { data: Array<{ b64_json: string }> }).data[0]!.b64_json;
    };
    expect(await run([1, 2, 3, 255])).not.toBe(await run([200, 100, 0, 255]));
  });

  it.each([
    ['no image', form({ prompt: 'x' }, []), 'image'],
    ['bytes that are not an image', form({ prompt: 'x' }, [['image', new TextEncoder().encode('GIF89a-not-really'), 'a.png']]), 'image'],
    ['a mask of another size', form({ prompt: 'x' }, [['image', solidPng(10, 10), 'a.png'], ['mask', solidPng(12, 10), 'm.png']]), 'mask'],
    ['a bad size', form({ prompt: 'x', size: '1000x1000' }, [['image', solidPng(10, 10), 'a.png']]), 'size'],
    ['an unknown field', form({ prompt: 'x', style: 'vivid' }, [['image', solidPng(10, 10), 'a.png']]), 'style'],
    ['input_fidelity on gpt-image-2', form({ prompt: 'x', input_fidelity: 'high' }, [['image', solidPng(10, 10), 'a.png']]), 'input_fidelity'],
    ['n of 9', form({ prompt: 'x', n: '9' }, [['image', solidPng(10, 10), 'a.png']]), 'n'],
  ])('refuses %s', async (_name, body, param) => {
    const res = await edit(body);
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { param: string; code: string } };
    expect(error.param).toBe(param);
  });

  it('refuses JSON bodies and oversized uploads', async () => {
    const json = await backend.call('/v1/images/edits', { json: { prompt: 'x' } });
    expect(json.status).toBe(400);
    const big = await edit(form({ prompt: 'x' }, [['image', new Uint8Array(2 * 1024 * 1024), 'big.png']]));
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });
});
