/**
 * Reads an upstream SSE body (eventsource-parser) into events. Each event keeps the exact JSON text it arrived
 * as, so the relay sends that text on instead of serialising the object again: one copy of a multi-megabyte
 * image string fewer per event, and no second JSON.stringify. The event's image is not copied out of that text
 * either (see parseEventData).
 */
import { EventSourceParserStream } from 'eventsource-parser/stream';
import type { ApiError } from '../../contract/api';
import { failure } from '../http/errors';
import type { StreamEvent } from './types';

const rawJson = new WeakMap<object, string>();

/** The text to relay for an event: what upstream sent when known, else the event serialised. */
export function relayText(event: StreamEvent): string {
  return rawJson.get(event) ?? JSON.stringify(event);
}

const IMAGE_FIELD = /"b64_json"\s*:\s*"/;

/**
 * JSON.parse for an event's text, except that a top-level `b64_json` (megabytes of base64) is not copied: it is
 * taken as a slice of the text, which the relay keeps anyway and which the slice shares. Base64 needs no JSON
 * escapes, so the slice is the value exactly; anything unexpected (an escape, a second field of that name, a
 * nested one) falls back to a plain JSON.parse.
 */
export function parseEventData(data: string): unknown {
  const field = IMAGE_FIELD.exec(data);
  if (!field) return JSON.parse(data);
  const start = field.index + field[0].length;
  const end = data.indexOf('"', start);
  const image = end < 0 ? '' : data.slice(start, end);
  if (end < 0 || image.includes('\\') || IMAGE_FIELD.test(data.slice(end))) return JSON.parse(data);
  const event = JSON.parse(data.slice(0, start) + data.slice(end)) as { b64_json?: unknown };
  if (event.b64_json !== '') return JSON.parse(data);
  event.b64_json = image;
  return event;
}

export async function* sseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<StreamEvent> {
  // TypeScript's lib typings disagree with themselves on TextDecoderStream's writable side.
  const decoder = new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>;
  const reader = body.pipeThrough(decoder).pipeThrough(new EventSourceParserStream()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      let event: StreamEvent & { error?: Partial<ApiError> };
      try {
        event = parseEventData(value.data) as StreamEvent;
      } catch {
        throw failure(502, 'upstream_error', `OpenAI sent a malformed ${value.event ?? 'stream'} event; the job was ended.`);
      }
      if (value.event === 'error' || event.type === 'error') {
        throw failure(502, 'upstream_error', `OpenAI reported an error mid-stream: ${event.error?.message ?? 'unknown error'}`);
      }
      if (!event.type && value.event) event.type = value.event;
      rawJson.set(event, value.data);
      yield event;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
