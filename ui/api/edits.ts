/**
 * The edit engines' doors to the backend: `POST /v1/images/edits` (multipart, OpenAI's wire format, streamed
 * `image_edit.*` events) and `POST /v1/responses` (the conversation engine: the image_generation tool with
 * `previous_response_id`, streamed Responses events).
 */
import { EventSourceParserStream } from 'eventsource-parser/stream';
import { JOB_ID_HEADER, ROUTES } from '../../contract/api';
import type { StoredSettings } from '../../contract/messages';
import type { Complexity } from '../../contract/api';
import { modelId, resolveModel, type ModelRef } from '../../core/models';
import { normalizeBackendUrl } from '../../core/network-access';
import { failureOf, readEvents, type ImageEventStream } from './client';
import { ApiErrorException, BackendUnreachableError, toApiError } from './errors';

export interface EditRequest {
  prompt: string;
  model: ModelRef;
  size: string;
  quality: string;
  /** GPT Image 2.6's complexity, when chosen. */
  complexity?: Complexity;
  n: number;
  partialImages: number;
  /** The frame's current image, first. */
  image: Uint8Array;
  references: readonly Uint8Array[];
  mask: Uint8Array | null;
  background?: 'transparent';
}

const blob = (bytes: Uint8Array, type = 'image/png') => new Blob([bytes as BlobPart], { type });

/** OpenAI's `CreateImageEditRequest` as multipart: the image, then the references, then the mask. */
export function editForm(req: EditRequest): FormData {
  const form = new FormData();
  form.append('prompt', req.prompt);
  form.append('model', modelId(req.model));
  form.append('size', req.size);
  form.append('quality', req.quality);
  if (req.complexity) form.append('complexity', req.complexity);
  form.append('n', String(req.n));
  form.append('output_format', 'png');
  if (req.background) form.append('background', req.background);
  form.append('stream', 'true');
  form.append('partial_images', String(req.partialImages));
  if (resolveModel(req.model)?.inputFidelity) form.append('input_fidelity', 'high');
  form.append('image[]', blob(req.image), 'frame.png');
  req.references.forEach((bytes, i) => form.append('image[]', blob(bytes), `reference-${i + 1}.png`));
  if (req.mask) form.append('mask', blob(req.mask), 'mask.png');
  return form;
}

async function post(settings: StoredSettings, path: string, init: RequestInit, fetchImpl: typeof fetch): Promise<Response> {
  const base = normalizeBackendUrl(settings.backendUrl);
  try {
    return await fetchImpl(`${base}${path}`, { ...init, method: 'POST', headers: { authorization: `Bearer ${settings.accessToken}`, accept: 'text/event-stream', ...init.headers } });
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError') throw error;
    throw new BackendUnreachableError(base);
  }
}

export async function editStream(settings: StoredSettings, req: EditRequest, signal: AbortSignal, fetchImpl: typeof fetch = (...a) => fetch(...a)): Promise<ImageEventStream> {
  const response = await post(settings, ROUTES.edits, { body: editForm(req), signal }, fetchImpl);
  if (!response.ok || !response.body) throw await failureOf(response);
  const jobId = response.headers.get(JOB_ID_HEADER) ?? undefined;
  const { body, status } = response;
  return { jobId, [Symbol.asyncIterator]: () => readEvents(body, status, jobId) };
}

/** What the conversation engine's stream means to Figment. */
export type ConversationEvent =
  | { kind: 'partial'; b64: string; index: number }
  | { kind: 'image'; b64: string }
  | { kind: 'completed'; responseId: string };

export interface ConversationStream extends AsyncIterable<ConversationEvent> {
  readonly jobId: string | undefined;
}

function conversationEvent(data: string, status: number, jobId: string | undefined): ConversationEvent | null {
  let e: Record<string, unknown>;
  try {
    e = JSON.parse(data) as Record<string, unknown>;
  } catch {
    throw new ApiErrorException(status, { message: 'The backend sent an unreadable stream event.', type: 'stream_error', param: null, code: 'bad_event' }, { jobId });
  }
  const item = e.item as { type?: string; result?: string } | undefined;
  switch (e.type) {
    case 'error':
    case 'response.failed':
      throw new ApiErrorException(status, toApiError(status, e.type === 'error' ? e : { error: (e.response as { error?: unknown } | undefined)?.error }), { jobId });
    case 'response.image_generation_call.partial_image':
      return { kind: 'partial', b64: String(e.partial_image_b64), index: Number(e.partial_image_index ?? 0) };
    case 'response.output_item.done':
      return item?.type === 'image_generation_call' && typeof item.result === 'string' ? { kind: 'image', b64: item.result } : null;
    case 'response.completed':
      return { kind: 'completed', responseId: String((e.response as { id?: unknown } | undefined)?.id ?? '') };
    default:
      return null;
  }
}

export async function conversationStream(
  settings: StoredSettings,
  body: Record<string, unknown>,
  signal: AbortSignal,
  fetchImpl: typeof fetch = (...a) => fetch(...a),
): Promise<ConversationStream> {
  const response = await post(settings, ROUTES.responses, { body: JSON.stringify({ ...body, stream: true }), headers: { 'content-type': 'application/json' }, signal }, fetchImpl);
  if (!response.ok || !response.body) throw await failureOf(response);
  const jobId = response.headers.get(JOB_ID_HEADER) ?? undefined;
  const { body: stream, status } = response;
  async function* events(): AsyncGenerator<ConversationEvent> {
    const decoder = new TextDecoderStream() as unknown as ReadableWritablePair<string, Uint8Array>;
    const reader = stream.pipeThrough(decoder).pipeThrough(new EventSourceParserStream()).getReader();
    try {
      for (let next = await reader.read(); !next.done; next = await reader.read()) {
        const event = conversationEvent(next.value.data, status, jobId);
        if (event) yield event;
      }
    } finally {
      await reader.cancel().catch(() => undefined);
    }
  }
  return { jobId, [Symbol.asyncIterator]: events };
}
