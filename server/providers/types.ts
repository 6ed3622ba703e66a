/**
 * What the routes need from an image provider: the real one calls OpenAI through the `openai` SDK, the demo one
 * draws placeholders offline. Both stream; a non-streaming client request is answered by collecting the stream.
 */
import type { CompletedImageEvent, PartialImageEvent, Provider } from '../../contract/api';

/** A validated generation, in OpenAI's `CreateImageRequest` vocabulary. */
export interface GenerationParams {
  model: string;
  prompt: string;
  size: string;
  quality: 'low' | 'medium' | 'high' | 'auto';
  n: number;
  output_format: 'png' | 'jpeg' | 'webp';
  output_compression?: number;
  background?: 'transparent' | 'opaque' | 'auto';
  moderation?: 'auto' | 'low';
  partial_images: number;
  user?: string;
}

/** An uploaded image, already checked to be PNG, JPEG or WebP by its bytes. */
export interface Upload {
  bytes: Uint8Array;
  type: 'image/png' | 'image/jpeg' | 'image/webp';
  filename: string;
  width: number;
  height: number;
}

/** A validated edit, in OpenAI's `CreateImageEditRequest` vocabulary: the first image is edited, the rest are references. */
export interface EditParams extends Omit<GenerationParams, 'moderation'> {
  images: Upload[];
  mask?: Upload;
  input_fidelity?: 'high' | 'low';
}

export type ProviderEvent = PartialImageEvent | CompletedImageEvent;

export interface ImageProvider {
  readonly kind: Provider;
  /**
   * Resolves once upstream has accepted the request (so refusals become plain HTTP errors), with the events
   * to come. Rejects, and the iterator throws, with an `ApiFailure`. Aborting `signal` ends the upstream call.
   */
  generate(params: GenerationParams, signal: AbortSignal): Promise<AsyncIterable<ProviderEvent>>;
  /** `POST /v1/images/edits`, streamed the same way (`image_edit.*` events). */
  edit(params: EditParams, signal: AbortSignal): Promise<AsyncIterable<ProviderEvent>>;
}
