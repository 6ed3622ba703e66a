/**
 * Generic field rules: prompt length as OpenAI counts it (code points), uploads checked beyond their header,
 * strict decimal numbers, canonical sizes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_ID_HEADER } from '../../contract/api';
import { fromFormData } from '../../server/http/multipart';
import { validateEdit as validateEditBody } from '../../server/validation/edit';
import { validateGeneration } from '../../server/validation/generation';
import { inspectUpload } from '../../server/validation/upload';
import { solidPng, startTestBackend, type TestBackend } from './helpers';

const validateEdit = async (form: FormData, p: typeof policy) => validateEditBody(await fromFormData(form), p);
const policy = { defaultModel: 'gpt-image-2', allowedModels: ['gpt-image-2'] };
const codeOf = (result: unknown) => (result as { error?: { code: string } }).error?.code;
const paramOf = (result: unknown) => (result as { error?: { param: string | null } }).error?.param;

describe('prompt length', () => {
  it('counts characters as OpenAI does (UTF-16 units): 16,000 emoji pass, 16,001 do not, on every route', async () => {
    expect('params' in validateGeneration({ prompt: '😀'.repeat(16_000) }, policy)).toBe(true);
    expect(paramOf(validateGeneration({ prompt: '😀'.repeat(16_001) }, policy))).toBe('prompt');
    expect(paramOf(validateGeneration({ prompt: 'a'.repeat(32_001) }, policy))).toBe('prompt');
    const form = new FormData();
    form.append('prompt', '😀'.repeat(16_001));
    form.append('image', new Blob([new Uint8Array(solidPng(8, 8))]), 'a.png');
    expect(paramOf(await validateEdit(form, policy))).toBe('prompt');
  });
});

describe('sizes', () => {
  it('refuses non-canonical spellings instead of sending them upstream as is', () => {
    for (const size of ['01024x1024', '1024x01024', '1024X1024', ' 1024x1024', '1024x1024 ', '+1024x1024']) {
      expect(codeOf(validateGeneration({ prompt: 'p', size }, policy)), size).toBe('invalid_size');
    }
    expect('params' in validateGeneration({ prompt: 'p', size: '1024x1024' }, policy)).toBe(true);
  });
});

const editForm = (fields: Record<string, string>, image: Uint8Array = solidPng(32, 32)) => {
  const form = new FormData();
  form.append('prompt', 'tint it');
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('image', new Blob([new Uint8Array(image)]), 'frame.png');
  return form;
};

describe('multipart numbers', () => {
  it('takes plain decimal digits only', async () => {
    for (const n of ['0x2', ' 2', '2e0', '-0', '', '2.0', '+2']) {
      expect(paramOf(await validateEdit(editForm({ n }), policy)), JSON.stringify(n)).toBe('n');
    }
    for (const c of ['-0', '0x10', '1e1']) {
      expect(paramOf(await validateEdit(editForm({ output_format: 'jpeg', output_compression: c }), policy))).toBe('output_compression');
    }
    const ok = await validateEdit(editForm({ n: '2', partial_images: '0' }), policy);
    expect('params' in ok && ok.params.n).toBe(2);
  });
});

describe('uploads', () => {
  it('refuses a truncated PNG', () => {
    const png = solidPng(64, 64);
    expect(inspectUpload(png.subarray(0, 33), 'x.png')).toMatch(/truncated/);
    expect(inspectUpload(png.subarray(0, png.length - 12), 'x.png')).toMatch(/truncated/);
    expect(inspectUpload(png, 'x.png')).toMatchObject({ width: 64, height: 64 });
  });

  it('refuses a header claiming impossible dimensions', () => {
    const png = Buffer.from(solidPng(8, 8));
    // IHDR's width and height sit at bytes 16..23.
    png.writeUInt32BE(100_000, 16);
    png.writeUInt32BE(100_000, 20);
    expect(inspectUpload(png, 'x.png')).toMatch(/100000x100000/);
  });

  it('refuses a truncated JPEG', () => {
    // A minimal JPEG header (SOI, SOF0 with 4x4) without its end-of-image marker.
    const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x04, 0x00, 0x04, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
    expect(inspectUpload(jpeg, 'x.jpg')).toMatch(/truncated|not a PNG/);
  });
});

describe('job image index', () => {
  let backend: TestBackend;
  beforeAll(async () => {
    backend = await startTestBackend();
  });
  afterAll(() => backend.close(1000));

  it('names an image only by plain decimal digits', async () => {
    const res = await backend.call('/v1/images/generations', { json: { prompt: 'one', size: '1024x1024' } });
    const id = res.headers.get(JOB_ID_HEADER)!;
    await res.arrayBuffer();
    expect((await backend.call(`/v1/jobs/${id}/images/0`)).status).toBe(200);
    for (const index of ['0x0', '%200', '-0', '0.0', '00', '0e0']) {
      expect((await backend.call(`/v1/jobs/${id}/images/${index}`)).status, index).toBe(404);
    }
  });
});
