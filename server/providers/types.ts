/**
 * What the routes need from an image provider: the real one calls OpenAI through the `openai` SDK, the demo one
 * draws placeholders offline. Both stream; a non-streaming client request is answered by collecting the stream.
 */
import type { BackendCapabilities, CompletedImageEvent, PartialImageEvent, Provider } from '../../contract/api';
import type { EditParams, GenerationParams, ResponsesBody } from '../params';
import type { WaitNotice } from './retry';
import type { Translate } from './translator';

export type { EditParams, GenerationParams, Upload } from '../params';

export type ProviderEvent = PartialImageEvent | CompletedImageEvent;

/** Any event a job relays to its listeners as it came (Images API events, or Responses API events). */
export interface StreamEvent {
  type: string;
}

/** The final image an event carries, if it carries one: what the job store keeps. */
export type FinalImageOf = (event: StreamEvent) => CompletedImageEvent | undefined;

export const imagesApiFinal: FinalImageOf = (event) =>
  event.type === 'image_generation.completed' || event.type === 'image_edit.completed' ? (event as CompletedImageEvent) : undefined;

export interface ImageProvider {
  readonly kind: Provider;
  /** What this provider lacks that OpenAI offers (Azure OpenAI); undefined: nothing. */
  readonly capabilities?: BackendCapabilities;
  /**
   * Resolves once upstream has accepted the request (so refusals become plain HTTP errors), with the events
   * to come. Rejects, and the iterator throws, with an `ApiFailure`. Aborting `signal` ends the upstream call,
   * waits between retries included; `onWait` is told of each such wait.
   */
  generate(params: GenerationParams, signal: AbortSignal, onWait?: WaitNotice): Promise<AsyncIterable<ProviderEvent>>;
  /** `POST /v1/images/edits`, streamed the same way (`image_edit.*` events). */
  edit(params: EditParams, signal: AbortSignal, onWait?: WaitNotice): Promise<AsyncIterable<ProviderEvent>>;
  /** `POST /v1/responses` with the image_generation tool, streamed; events relayed as they come. */
  respond(body: ResponsesBody, signal: AbortSignal, onWait?: WaitNotice): Promise<AsyncIterable<StreamEvent>>;
  /** `POST /v1/translations` through the upstream's text model; absent where there is none (`capabilities` says why). */
  readonly translate?: Translate;
}

interface ImageGenerationCallItem {
  type: 'image_generation_call';
  id: string;
  result?: string | null;
  size?: string;
  quality?: string;
  background?: string;
  output_format?: string;
}

/** The Responses API carries each final image in `response.output_item.done` (an `image_generation_call` item). */
export function responsesFinal(toolSize: string): FinalImageOf {
  return (event) => {
    if (event.type !== 'response.output_item.done') return undefined;
    const item = (event as { item?: ImageGenerationCallItem }).item;
    if (item?.type !== 'image_generation_call' || !item.result) return undefined;
    return {
      type: 'image_generation.completed',
      b64_json: item.result,
      created_at: Math.floor(Date.now() / 1000),
      size: item.size ?? toolSize,
      quality: item.quality ?? 'auto',
      background: item.background ?? 'opaque',
      output_format: item.output_format ?? 'png',
      usage: { input_tokens: 0, output_tokens: 0, total_tokens: 0 },
    };
  };
}
