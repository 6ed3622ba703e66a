/**
 * Body of `POST /v1/responses` as Figment's backend accepts it (a subset of OpenAI's `CreateResponse`): text and
 * image inputs, exactly one `image_generation` tool, and `previous_response_id` to continue a conversation.
 * server/validation/responses.ts checks bodies against these types.
 */
import type { Background, Moderation, OutputFormat, Quality } from './api';

/** The Responses image tool takes OpenAI's qualities only (no Figment extensions). */
export type ResponsesToolQuality = Exclude<Quality, 'xhigh' | 'max'>;
export const RESPONSES_TOOL_ACTIONS = ['generate', 'edit', 'auto'] as const;
export const IMAGE_DETAILS = ['low', 'high', 'auto'] as const;

export interface ResponsesImageTool {
  type: 'image_generation';
  /** Filled in with the backend's default model by the validator. */
  model?: string;
  size?: string;
  quality?: ResponsesToolQuality;
  output_format?: OutputFormat;
  output_compression?: number;
  background?: Background;
  moderation?: Moderation;
  partial_images?: number;
  action?: (typeof RESPONSES_TOOL_ACTIONS)[number];
  input_image_mask?: { image_url: string };
}

export interface ResponsesInputText {
  type: 'input_text';
  text: string;
}

export interface ResponsesInputImage {
  type: 'input_image';
  /** A base64 `data:` URL (the backend never fetches a URL). */
  image_url: string;
  detail?: (typeof IMAGE_DETAILS)[number];
}

export interface ResponsesMessage {
  type?: 'message';
  role: 'user';
  content: string | (ResponsesInputText | ResponsesInputImage)[];
}

export interface ResponsesRequest {
  model?: string;
  input: string | ResponsesMessage[];
  instructions?: string;
  previous_response_id?: string;
  tools: ResponsesImageTool[];
  tool_choice?: 'auto' | 'required' | { type: 'image_generation' };
  stream?: boolean;
  store?: boolean;
  user?: string;
}

/** A checked body: the model chosen and exactly one image tool. */
export type ResponsesBody = Omit<ResponsesRequest, 'model' | 'tools'> & { model: string; tools: [ResponsesImageTool] };
