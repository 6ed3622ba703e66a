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

export type ProviderEvent = PartialImageEvent | CompletedImageEvent;

export interface ImageProvider {
  readonly kind: Provider;
  /**
   * Resolves once upstream has accepted the request (so refusals become plain HTTP errors), with the events
   * to come. Rejects, and the iterator throws, with an `ApiFailure`. Aborting `signal` ends the upstream call.
   */
  generate(params: GenerationParams, signal: AbortSignal): Promise<AsyncIterable<ProviderEvent>>;
}
