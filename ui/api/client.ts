/**
 * The UI's only door to the network: the Figment backend, with the user's access token. Image routes speak
 * OpenAI's wire format; streams are parsed with eventsource-parser.
 */
import { EventSourceParserStream } from 'eventsource-parser/stream';
import {
  JOB_ID_HEADER,
  ROUTES,
  type ErrorResponse,
  type GenerateImageRequest,
  type HealthResponse,
  type ImageStreamEvent,
} from '../../contract/api';
import type { StoredSettings } from '../../contract/messages';
import { fromErrorBody, type BackendError } from './errors';

export interface ImageStream {
  jobId: string | undefined;
  events: AsyncIterable<ImageStreamEvent>;
}

export interface BackendClient {
  health(signal?: AbortSignal): Promise<HealthResponse>;
  generate(request: GenerateImageRequest, signal: AbortSignal): Promise<ImageStream>;
  cancelJob(jobId: string): Promise<void>;
}

async function failureOf(response: Response): Promise<BackendError> {
  let body: Partial<ErrorResponse> | undefined;
  try {
    body = (await response.json()) as Partial<ErrorResponse>;
  } catch {
    body = undefined;
  }
  return fromErrorBody(response.status, body?.error, response.headers.get('retry-after'), response.headers.get(JOB_ID_HEADER) ?? undefined);
}

async function* parseEvents(body: ReadableStream<Uint8Array>, jobId: string | undefined): AsyncGenerator<ImageStreamEvent> {
  // TypeScript's DOM typings disagree with themselves on TextDecoderStream's writable side.
  const decoder = new TextDecoderStream() as unknown as ReadableWritablePair<string, Uint8Array>;
  const reader = body.pipeThrough(decoder).pipeThrough(new EventSourceParserStream()).getReader();
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) return;
      const event = JSON.parse(value.data) as ImageStreamEvent;
      if (event.type === 'error') throw fromErrorBody(502, event.error, null, jobId);
      yield event;
    }
  } finally {
    reader.releaseLock();
  }
}

export function createBackendClient(settings: StoredSettings, fetchImpl: typeof fetch = (...a) => fetch(...a)): BackendClient {
  const base = settings.backendUrl.replace(/\/+$/, '');
  const auth = { authorization: `Bearer ${settings.accessToken}` };
  return {
    async health(signal) {
      const response = await fetchImpl(`${base}${ROUTES.health}`, { signal });
      if (!response.ok) throw await failureOf(response);
      return (await response.json()) as HealthResponse;
    },
    async generate(request, signal) {
      const response = await fetchImpl(`${base}${ROUTES.generations}`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ ...request, stream: true }),
        signal,
      });
      if (!response.ok || !response.body) throw await failureOf(response);
      const jobId = response.headers.get(JOB_ID_HEADER) ?? undefined;
      return { jobId, events: parseEvents(response.body, jobId) };
    },
    async cancelJob(jobId) {
      await fetchImpl(`${base}${ROUTES.jobs}/${encodeURIComponent(jobId)}`, { method: 'DELETE', headers: auth }).catch(() => undefined);
    },
  };
}
