/**
 * Reading the backend's event streams (SSE, parsed with eventsource-parser): the Images events of generations and
 * edits, and the Responses events of the conversation engine, each reduced to what Figment needs; and resuming a
 * broken Images stream from its job.
 */
import { EventSourceParserStream } from 'eventsource-parser/stream';
import type { ImageStreamEvent } from '../../contract/api';
import { ApiErrorException, toApiError } from './errors';

/** One stream's events; `jobId` is the backend's job (for cancelling and resuming), when it sent one. */
export interface EventStream<E> extends AsyncIterable<E> {
  readonly jobId: string | undefined;
}
export type ImageEventStream = EventStream<ImageStreamEvent>;

/** What the conversation engine's stream means to Figment. */
export type ConversationEvent =
  | { kind: 'partial'; b64: string; index: number }
  | { kind: 'image'; b64: string }
  | { kind: 'completed'; responseId: string };
export type ConversationStream = EventStream<ConversationEvent>;

/** Turns one event's data into an event Figment uses, null to skip it; throws on an `error` event. */
export type EventParser<E> = (event: Record<string, unknown>, fail: (body: unknown) => ApiErrorException) => E | null;

const IMAGE_EVENT = /^image_(generation|edit)\.(partial_image|completed)$/;

/** Images events (OpenAI's `ImageGen*Event` / `ImageEdit*Event`); events Figment does not know yet are skipped. */
export const imageEvent: EventParser<ImageStreamEvent> = (event, fail) => {
  if (event.type === 'error') throw fail(event);
  return IMAGE_EVENT.test(String(event.type)) ? (event as unknown as ImageStreamEvent) : null;
};

/** Responses events: partial images, the image_generation_call's result, and the response id to continue from. */
export const conversationEvent: EventParser<ConversationEvent> = (e, fail) => {
  const item = e.item as { type?: string; result?: string } | undefined;
  switch (e.type) {
    case 'error':
      throw fail(e);
    case 'response.failed':
      throw fail({ error: (e.response as { error?: unknown } | undefined)?.error });
    case 'response.image_generation_call.partial_image':
      return { kind: 'partial', b64: String(e.partial_image_b64), index: Number(e.partial_image_index ?? 0) };
    case 'response.output_item.done':
      return item?.type === 'image_generation_call' && typeof item.result === 'string' ? { kind: 'image', b64: item.result } : null;
    case 'response.completed':
      return { kind: 'completed', responseId: String((e.response as { id?: unknown } | undefined)?.id ?? '') };
    default:
      return null;
  }
};

function parse<E>(data: string, status: number, jobId: string | undefined, parser: EventParser<E>): E | null {
  let event: unknown;
  try {
    event = JSON.parse(data);
  } catch {
    event = null;
  }
  if (!event || typeof event !== 'object' || typeof (event as { type?: unknown }).type !== 'string') {
    const error = { message: 'The backend sent an unreadable stream event.', type: 'stream_error', param: null, code: 'bad_event' };
    throw new ApiErrorException(status, error, { jobId });
  }
  return parser(event as Record<string, unknown>, (body) => new ApiErrorException(status, toApiError(status, body), { jobId }));
}

/** The events of an SSE body, through `parser`. */
export async function* readEvents<E>(body: ReadableStream<Uint8Array>, status: number, jobId: string | undefined, parser: EventParser<E>): AsyncGenerator<E> {
  // TypeScript's DOM typings disagree with themselves on TextDecoderStream's writable side.
  const decoder = new TextDecoderStream() as unknown as ReadableWritablePair<string, Uint8Array>;
  const reader = body.pipeThrough(decoder).pipeThrough(new EventSourceParserStream()).getReader();
  let done = false;
  try {
    while (true) {
      const next = await reader.read();
      if (next.done) {
        done = true;
        return;
      }
      const event = parse(next.value.data, status, jobId, parser);
      if (event) yield event;
    }
  } finally {
    // Leaving early (break, error, abort) must not leave the response body downloading.
    if (!done) await reader.cancel().catch(() => undefined);
  }
}

/** A broken stream is resumed from its job this many times in a row before the break is reported. */
export const RESUME_ATTEMPTS = 5;

/** The connection broke (a network error), as opposed to the backend reporting a failure or the user stopping. */
const isBreak = (error: unknown) => !(error instanceof ApiErrorException) && !(error instanceof Error && error.name === 'AbortError');

export function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('Aborted', 'AbortError'));
    });
  });
}

/**
 * The events of a job's stream; when the connection breaks (Wi-Fi, sleep, a proxy), the job goes on at the
 * backend, so the rest is read from `GET /v1/jobs/{id}/events` after the finals already seen, instead of paying
 * for a new image.
 */
export async function* resumableEvents(
  first: AsyncIterable<ImageStreamEvent>,
  jobId: string | undefined,
  reopen: (finalsSeen: number) => Promise<AsyncIterable<ImageStreamEvent>>,
  signal: AbortSignal | undefined,
): AsyncGenerator<ImageStreamEvent> {
  let finals = 0;
  let current: AsyncIterable<ImageStreamEvent> | undefined = first;
  for (let breaks = 0; ; ) {
    try {
      if (current) {
        for await (const event of current) {
          breaks = 0;
          if (event.type.endsWith('.completed')) finals++;
          yield event;
        }
        return;
      }
      current = await reopen(finals);
    } catch (error) {
      if (!jobId || signal?.aborted || !isBreak(error) || breaks >= RESUME_ATTEMPTS) throw error;
      breaks++;
      current = undefined;
      await pause(250 * 2 ** breaks, signal);
    }
  }
}
