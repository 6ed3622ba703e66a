/** Reading upstream SSE events: the image field is taken from the event's text without a copy, and exactly. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEventData } from '../../server/providers/sse-frames';

const b64 = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 37) & 255)).toString('base64');

describe('parseEventData', () => {
  it('gives the same event as JSON.parse for image events, compact or spaced, wherever the field stands', () => {
    const image = b64(3000);
    const events = [
      JSON.stringify({ type: 'image_generation.partial_image', b64_json: image, partial_image_index: 0, size: '1024x1024' }),
      JSON.stringify({ type: 'image_edit.completed', created_at: 1, size: '1024x1536', quality: 'high', usage: { total_tokens: 5 }, b64_json: image }),
      JSON.stringify({ type: 'image_generation.completed', b64_json: image }, null, 2),
      `{"type":"image_generation.completed" ,"b64_json" :  "${image}" , "size":"auto"}`,
    ];
    for (const text of events) expect(parseEventData(text)).toEqual(JSON.parse(text));
  });

  it('falls back to JSON.parse for escapes, nested or repeated fields, and events without an image', () => {
    const cases = [
      '{"type":"image_generation.completed","b64_json":"ab\\/cd=="}',
      '{"type":"x","data":{"b64_json":"nested"},"b64_json":"top"}',
      '{"type":"x","data":{"b64_json":"nested"}}',
      '{"type":"x","b64_json":"one","b64_json":"two"}',
      '{"type":"response.created","response":{"id":"resp_1"}}',
      '{"type":"x","b64_json":""}',
    ];
    for (const text of cases) expect(parseEventData(text)).toEqual(JSON.parse(text));
  });

  it('throws on text that is not JSON, as JSON.parse does', () => {
    expect(() => parseEventData('{"type":"x","b64_json":"abc')).toThrow();
    expect(() => parseEventData('{"type": "x", "b64_json": "abc", ')).toThrow();
    expect(() => parseEventData('not json')).toThrow();
  });

  it('agrees with JSON.parse on any JSON object holding a b64_json somewhere', () => {
    const value = fc.oneof(fc.string(), fc.constant('"b64_json":"abc'), fc.integer(), fc.boolean(), fc.constant(null));
    fc.assert(
      fc.property(fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('b64_json', 'x"b64_json":"', 'b64_json\\')), value), fc.base64String(), fc.boolean(), (rest, image, nested) => {
        const event = nested ? { ...rest, inner: { b64_json: image } } : { ...rest, b64_json: image };
        const text = JSON.stringify(event);
        expect(parseEventData(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });
});
