/**
 * Validated request parameters: what server/validation produces and server/providers consume, in OpenAI's
 * vocabulary. Both import them from here, so neither depends on the other.
 */
import type { Background, Complexity, InputFidelity, Moderation, OutputFormat, Quality } from '../contract/api';

export type { ResponsesBody } from '../contract/responses';

/** A validated generation, in OpenAI's `CreateImageRequest` vocabulary. */
export interface GenerationParams {
  model: string;
  prompt: string;
  size: string;
  quality: Quality;
  /** GPT Image 2.6 only; the SDK's types predate it (see ./providers/openai.ts). */
  complexity?: Complexity;
  n: number;
  output_format: OutputFormat;
  output_compression?: number;
  background?: Background;
  moderation?: Moderation;
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
  input_fidelity?: InputFidelity;
}
