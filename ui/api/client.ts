/**
 * The UI's only door to the network: the Figment backend, with the user's access token. Image routes speak
 * OpenAI's wire format; streams are parsed with eventsource-parser.
 */
import { EventSourceParserStream } from 'eventsource-parser/stream';
import {
  IDEMPOTENCY_HEADER,
  JOB_ID_HEADER,
  jobEventsPath,
  ROUTES,
  type BackendConfig,
  type GenerateImageRequest,
  type HealthResponse,
  type ImageStreamEvent,
  type JobList,
} from '../../contract/api';
import type { StoredSettings } from '../../contract/messages';
import { normalizeBackendUrl } from '../../core/network-access';
import { ApiErrorException, BackendUnreachableError, toApiError } from './errors';

/** The events of one streamed generation; `jobId` is the backend's job (for cancelling), when it sent one. */
export interface ImageEventStream extends AsyncIterable<ImageStreamEvent> {
  readonly jobId: string | undefined;
}

export interface BackendClient {
  health(options?: { signal?: AbortSignal }): Promise<HealthResponse>;
  generateStream(request: GenerateImageRequest, options: { signal?: AbortSignal }): Promise<ImageEventStream>;
  cancelJob(jobId: string): Promise<void>;
  /** What this token may use and what is left of its budget. */
  config(): Promise<BackendConfig>;
  /** This token's recent jobs, newest first (including those finished while the plugin was closed). */
  listJobs(limit?: number): Promise<JobList>;
  /** A kept image's bytes, from a job's image `url`. */
  jobImage(url: string): Promise<Uint8Array>;
}

const IMAGE_EVENT = /^image_(generation|edit)\.(partial_image|completed)$/;

export async function failureOf(response: Response): Promise<ApiErrorException> {
  const body: unknown = await response.json().catch(() => null);
  return new ApiErrorException(response.status, toApiError(response.status, body), {
    jobId: response.headers.get(JOB_ID_HEADER) ?? undefined,
    retryAfter: response.headers.get('retry-after'),
  });
}

function parseEvent(data: string, status: number, jobId: string | undefined): ImageStreamEvent | null {
  let event: { type?: unknown } | null;
  try {
    event = JSON.parse(data) as { type?: unknown } | null;
  } catch {
    event = null;
  }
  if (!event || typeof event.type !== 'string') {
    const error = { message: 'The backend sent an unreadable stream event.', type: 'stream_error', param: null, code: 'bad_event' };
    throw new ApiErrorException(status, error, { jobId });
  }
  if (event.type === 'error') throw new ApiErrorException(status, toApiError(status, event), { jobId });
  // Events Figment does not know yet are skipped rather than treated as images.
  return IMAGE_EVENT.test(event.type) ? (event as ImageStreamEvent) : null;
}

export async function* readEvents(body: ReadableStream<Uint8Array>, status: number, jobId: string | undefined): AsyncGenerator<ImageStreamEvent> {
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
      const event = parseEvent(next.value.data, status, jobId);
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

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('Aborted', 'AbortError'));
    });
  });
}

/** A random Idempotency-Key (crypto.randomUUID needs a secure context; a plugin iframe may not be one). */
function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
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

export function createBackendClient(settings: StoredSettings, fetchImpl: typeof fetch = (...args) => fetch(...args)): BackendClient {
  const base = normalizeBackendUrl(settings.backendUrl);
  const auth = { authorization: `Bearer ${settings.accessToken}` };

  const call = async (path: string, init: RequestInit): Promise<Response> => {
    try {
      return await fetchImpl(`${base}${path}`, init);
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') throw error;
      throw new BackendUnreachableError(base);
    }
  };

  return {
    async health(options = {}) {
      const response = await call(ROUTES.health, { signal: options.signal });
      if (!response.ok) throw await failureOf(response);
      return (await response.json()) as HealthResponse;
    },
    async generateStream(request, options) {
      // The same key on every attempt: if the first POST reached the backend, a retry joins its job.
      const key = newKey();
      const post = () =>
        call(ROUTES.generations, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json', accept: 'text/event-stream', [IDEMPOTENCY_HEADER]: key },
          body: JSON.stringify({ ...request, stream: true }),
          signal: options.signal,
        });
      let response: Response | undefined;
      for (let attempt = 1; !response; attempt++) {
        try {
          response = await post();
        } catch (error) {
          if (!(error instanceof BackendUnreachableError) || attempt >= 3 || options.signal?.aborted) throw error;
          await pause(500 * attempt, options.signal);
        }
      }
      if (!response.ok || !response.body) throw await failureOf(response);
      const jobId = response.headers.get(JOB_ID_HEADER) ?? undefined;
      const body = response.body;
      const status = response.status;
      const reopen = async (finalsSeen: number) => {
        const resumed = await call(jobEventsPath(jobId!), {
          headers: { ...auth, accept: 'text/event-stream', 'last-event-id': String(finalsSeen) },
          signal: options.signal,
        });
        if (!resumed.ok || !resumed.body) throw await failureOf(resumed);
        return readEvents(resumed.body, resumed.status, jobId);
      };
      return { jobId, [Symbol.asyncIterator]: () => resumableEvents(readEvents(body, status, jobId), jobId, reopen, options.signal) };
    },
    async cancelJob(jobId) {
      await call(`${ROUTES.jobs}/${encodeURIComponent(jobId)}`, { method: 'DELETE', headers: auth }).catch(() => undefined);
    },
    async config() {
      const response = await call(ROUTES.config, { headers: auth });
      if (!response.ok) throw await failureOf(response);
      return (await response.json()) as BackendConfig;
    },
    async listJobs(limit = 20) {
      const response = await call(`${ROUTES.jobs}?limit=${limit}`, { headers: auth });
      if (!response.ok) throw await failureOf(response);
      return (await response.json()) as JobList;
    },
    async jobImage(url) {
      // Only paths on this backend: a job's image url is always `/v1/jobs/...`.
      if (!url.startsWith(`${ROUTES.jobs}/`)) throw new Error('not a job image path');
      const response = await call(url, { headers: auth });
      if (!response.ok) throw await failureOf(response);
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}
