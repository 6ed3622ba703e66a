/**
 * The UI's only door to the network: the Figment backend, with the user's access token. Generations, edits and
 * conversation turns start a job through one request path (an Idempotency-Key, retried while the backend is
 * unreachable) and stream their events through one SSE reader (./sse.ts); bodies are typed by contract/api.ts.
 */
import {
  IDEMPOTENCY_HEADER,
  JOB_ID_HEADER,
  jobEventsPath,
  ROUTES,
  type BackendConfig,
  type EditImageFiles,
  type EditImageRequest,
  type GenerateImageRequest,
  type HealthResponse,
  type JobInfo,
  type JobList,
  type TranslationRequest,
  type TranslationResponse,
} from '../../contract/api';
import type { StoredSettings } from '../../contract/messages';
import type { ResponsesRequest } from '../../contract/responses';
import { translationProblem } from '../../core/localise';
import { normalizeBackendUrl } from '../../core/network-access';
import { editForm } from './edit-form';
import { ApiErrorException, BackendUnreachableError, toApiError } from './errors';
import { conversationEvent, imageEvent, pause, readEvents, resumableEvents, type ConversationStream, type EventParser, type EventStream, type ImageEventStream } from './sse';

export type { ConversationEvent, ConversationStream, ImageEventStream } from './sse';

export interface StreamOptions {
  signal?: AbortSignal;
}

export interface BackendClient {
  health(options?: StreamOptions): Promise<HealthResponse>;
  /** `POST /v1/images/generations`, streamed. */
  generateStream(request: GenerateImageRequest, options: StreamOptions): Promise<ImageEventStream>;
  /** `POST /v1/images/edits` (multipart), streamed. */
  editStream(request: EditImageRequest, files: EditImageFiles, options: StreamOptions): Promise<ImageEventStream>;
  /** `POST /v1/responses` (the conversation engine), streamed. */
  conversationStream(request: ResponsesRequest, options: StreamOptions): Promise<ConversationStream>;
  cancelJob(jobId: string): Promise<void>;
  /** What this token may use and what is left of its budget. */
  config(): Promise<BackendConfig>;
  /** This token's recent jobs, newest first (including those finished while the plugin was closed). */
  listJobs(limit?: number): Promise<JobList>;
  /** A kept image's bytes, from a job's image `url`. */
  jobImage(url: string, options?: StreamOptions): Promise<Uint8Array>;
  /** `GET /v1/jobs/{id}`: what the backend kept of one job; null when it has no such job (404). */
  job(jobId: string, options?: StreamOptions): Promise<JobInfo | null>;
  /**
   * `POST /v1/translations`: every text into every language by the backend's text model (Localise's review). A
   * request over TRANSLATION_LIMITS is refused here, before it is sent, as the backend would refuse it.
   */
  translate(request: TranslationRequest, options?: StreamOptions): Promise<TranslationResponse>;
}

export async function failureOf(response: Response): Promise<ApiErrorException> {
  const body: unknown = await response.json().catch(() => null);
  return new ApiErrorException(response.status, toApiError(response.status, body), {
    jobId: response.headers.get(JOB_ID_HEADER) ?? undefined,
    retryAfter: response.headers.get('retry-after'),
  });
}

/** A random Idempotency-Key (crypto.randomUUID needs a secure context; a plugin iframe may not be one). */
function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A POST that starts a job is tried this many times while nothing answers (the same key: a retry joins the job). */
const START_ATTEMPTS = 3;

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

  /** `public`: health answers anyone, so it goes without the token. */
  const get = async (path: string, options: StreamOptions = {}, access: 'token' | 'public' = 'token'): Promise<Response> => {
    const response = await call(path, { ...(access === 'token' ? { headers: auth } : {}), ...(options.signal ? { signal: options.signal } : {}) });
    if (!response.ok) throw await failureOf(response);
    return response;
  };

  /** Starts a job and returns its event stream, read through `parser`. */
  const startJob = async <E>(path: string, body: string | FormData, parser: EventParser<E>, signal: AbortSignal | undefined): Promise<EventStream<E>> => {
    const key = newKey();
    const headers = { ...auth, accept: 'text/event-stream', [IDEMPOTENCY_HEADER]: key, ...(typeof body === 'string' ? { 'content-type': 'application/json' } : {}) };
    let response: Response | undefined;
    for (let attempt = 1; !response; attempt++) {
      try {
        response = await call(path, { method: 'POST', headers, body, ...(signal ? { signal } : {}) });
      } catch (error) {
        if (!(error instanceof BackendUnreachableError) || attempt >= START_ATTEMPTS || signal?.aborted) throw error;
        await pause(500 * attempt, signal);
      }
    }
    if (!response.ok || !response.body) throw await failureOf(response);
    const jobId = response.headers.get(JOB_ID_HEADER) ?? undefined;
    const { body: events, status } = response;
    return { jobId, [Symbol.asyncIterator]: () => readEvents(events, status, jobId, parser) };
  };

  /** An Images stream that, when its connection breaks, goes on from the job's events (see resumableEvents). */
  const imageStream = async (path: string, body: string | FormData, signal: AbortSignal | undefined): Promise<ImageEventStream> => {
    const stream = await startJob(path, body, imageEvent, signal);
    const { jobId } = stream;
    const reopen = async (finalsSeen: number) => {
      const resumed = await call(jobEventsPath(jobId!), {
        headers: { ...auth, accept: 'text/event-stream', 'last-event-id': String(finalsSeen) },
        ...(signal ? { signal } : {}),
      });
      if (!resumed.ok || !resumed.body) throw await failureOf(resumed);
      return readEvents(resumed.body, resumed.status, jobId, imageEvent);
    };
    return { jobId, [Symbol.asyncIterator]: () => resumableEvents(stream, jobId, reopen, signal) };
  };

  return {
    async health(options = {}) {
      return (await (await get(ROUTES.health, options, 'public')).json()) as HealthResponse;
    },
    generateStream(request, options) {
      return imageStream(ROUTES.generations, JSON.stringify({ ...request, stream: true }), options.signal);
    },
    editStream(request, files, options) {
      return imageStream(ROUTES.edits, editForm({ ...request, stream: true }, files), options.signal);
    },
    conversationStream(request, options) {
      // A conversation job's events are Responses events, which the job store does not replay: no resuming.
      return startJob(ROUTES.responses, JSON.stringify({ ...request, stream: true }), conversationEvent, options.signal);
    },
    async cancelJob(jobId) {
      await call(`${ROUTES.jobs}/${encodeURIComponent(jobId)}`, { method: 'DELETE', headers: auth }).catch(() => undefined);
    },
    async config() {
      return (await (await get(ROUTES.config)).json()) as BackendConfig;
    },
    async listJobs(limit = 20) {
      return (await (await get(`${ROUTES.jobs}?limit=${limit}`)).json()) as JobList;
    },
    async job(jobId, options = {}) {
      try {
        return (await (await get(`${ROUTES.jobs}/${encodeURIComponent(jobId)}`, options)).json()) as JobInfo;
      } catch (error) {
        if (error instanceof ApiErrorException && error.status === 404) return null;
        throw error;
      }
    },
    async translate(request, options = {}) {
      const problem = translationProblem(request);
      if (problem) throw new ApiErrorException(400, { message: problem, type: 'invalid_request_error', param: null, code: 'invalid_request' });
      const headers = { ...auth, 'content-type': 'application/json' };
      const response = await call(ROUTES.translations, { method: 'POST', headers, body: JSON.stringify(request), ...(options.signal ? { signal: options.signal } : {}) });
      if (!response.ok) throw await failureOf(response);
      return (await response.json()) as TranslationResponse;
    },
    async jobImage(url, options = {}) {
      // Only paths on this backend: a job's image url is always `/v1/jobs/...`.
      if (!url.startsWith(`${ROUTES.jobs}/`)) throw new Error('not a job image path');
      return new Uint8Array(await (await get(url, options)).arrayBuffer());
    },
  };
}
