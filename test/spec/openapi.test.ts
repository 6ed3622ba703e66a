import { describe, expect, it } from 'vitest';
import { multipartToObject, validateAgainst } from './openapi';

describe('validateAgainst (OpenAI spec schemas)', () => {
  it('accepts the spec-shaped generation request and refuses broken ones with useful messages', () => {
    expect(validateAgainst('CreateImageRequest', { model: 'gpt-image-2', prompt: 'x', size: '1536x864', quality: 'high', stream: true, partial_images: 2 })).toEqual([]);
    expect(validateAgainst('CreateImageRequest', { model: 'gpt-image-2' }).join()).toMatch(/prompt/);
    expect(validateAgainst('CreateImageRequest', { prompt: 'x', quality: 'ultra' }).length).toBeGreaterThan(0);
    expect(validateAgainst('CreateImageRequest', { prompt: 'x', partial_images: 9 }).join()).toMatch(/partial_images/);
  });

  it('checks streaming events, including required fields and the event type', () => {
    const completed = {
      type: 'image_generation.completed',
      b64_json: 'AAAA',
      created_at: 1,
      size: '1536x864',
      quality: 'high',
      background: 'opaque',
      output_format: 'png',
      usage: { total_tokens: 2, input_tokens: 1, output_tokens: 1, input_tokens_details: { text_tokens: 1, image_tokens: 0 } },
    };
    expect(validateAgainst('ImageGenCompletedEvent', completed)).toEqual([]);
    const { usage: _u, ...noUsage } = completed;
    expect(validateAgainst('ImageGenCompletedEvent', noUsage).join()).toMatch(/usage/);
    expect(validateAgainst('ImageGenCompletedEvent', { ...completed, type: 'image_generation.partial_image' }).length).toBeGreaterThan(0);
    expect(validateAgainst('ImageGenCompletedEvent', { ...completed, size: 'huge' }).length).toBeGreaterThan(0);
  });

  it('checks error bodies', () => {
    expect(validateAgainst('ErrorResponse', { error: { message: 'm', type: 't', param: null, code: 'c' } })).toEqual([]);
    expect(validateAgainst('ErrorResponse', { error: { message: 'm' } }).length).toBeGreaterThan(0);
  });

  it('reads multipart edit bodies as CreateImageEditRequest', () => {
    const body = multipartToObject({
      fields: { prompt: 'warmer', model: 'gpt-image-2', n: '1', stream: 'true', partial_images: '2', size: '1024x1024' },
      files: [
        { field: 'image[]', filename: 'a.png' },
        { field: 'image[]', filename: 'b.png' },
        { field: 'mask', filename: 'm.png' },
      ],
    });
    expect(body).toMatchObject({ n: 1, stream: true, image: ['<file a.png>', '<file b.png>'], mask: '<file m.png>' });
    expect(validateAgainst('CreateImageEditRequest', body)).toEqual([]);
    expect(validateAgainst('CreateImageEditRequest', { ...body, n: 'many' }).length).toBeGreaterThan(0);
  });

  it('names a missing schema', () => {
    expect(() => validateAgainst('NoSuchSchema', {})).toThrow(/NoSuchSchema/);
  });
});
