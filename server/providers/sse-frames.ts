/**
 * Reads an upstream SSE body (eventsource-parser) into events. Each event keeps the exact JSON text it arrived
 * as, so the relay sends that text on instead of serialising the object again: one copy of a multi-megabyte
 * image string fewer per event, and no second JSON.stringify.
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
        event = JSON.parse(value.data) as StreamEvent;
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
