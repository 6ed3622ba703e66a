/**
 * Request bodies, typed by contract/api.ts and contract/responses.ts: a generation, an Images edit, a conversation
 * turn. The planner (./plan.ts) makes them; an edit's images are added once read off the canvas. Pure.
 */
import type { Background, Complexity, EditImageFiles, EditImageRequest, GenerateImageRequest } from '../../contract/api';
import type { ResponsesImageTool, ResponsesInputImage, ResponsesRequest, ResponsesToolQuality } from '../../contract/responses';
import { modelId, resolveModel, type ModelRef } from '../../core/models';
import type { ConcreteQuality } from '../../core/sizing';

/** Partial images streamed per request: shown in the chat and, for one image, on the frame itself. */
export const PARTIAL_IMAGES = 2;

/** What every image request says: the model, the exact prompt, size, quality, count, and the chosen options. */
export interface ImageAsk {
  model: ModelRef;
  prompt: string;
  size: string;
  quality: ConcreteQuality;
  n: number;
  /** GPT Image 2.6's complexity, when chosen. */
  complexity?: Complexity;
  background?: Extract<Background, 'transparent'>;
}

export function generationRequest(ask: ImageAsk): GenerateImageRequest {
  return {
    model: modelId(ask.model),
    prompt: ask.prompt,
    size: ask.size,
    quality: ask.quality,
    ...(ask.complexity ? { complexity: ask.complexity } : {}),
    n: ask.n,
    stream: true,
    partial_images: PARTIAL_IMAGES,
    output_format: 'png',
    ...(ask.background ? { background: ask.background } : {}),
  };
}

/** OpenAI's `CreateImageEditRequest` fields; `input_fidelity` only for a model that takes it (gpt-image-2 must omit it). */
export function editRequest(ask: ImageAsk): EditImageRequest {
  return {
    ...generationRequest(ask),
    ...(resolveModel(ask.model)?.inputFidelity ? { input_fidelity: 'high' as const } : {}),
  };
}

/** The Responses image tool takes OpenAI's qualities only: Figment's extensions go as its highest. */
const toolQuality = (quality: ConcreteQuality): ResponsesToolQuality => (quality === 'xhigh' || quality === 'max' ? 'high' : quality);

/**
 * One conversation turn with the text alone; `withImages` adds the frame's image (unless the
 * conversation already has it), the references and the region. 2.6's complexity is left out: the Responses tool's
 * field for it is not documented.
 */
export function conversationRequest(ask: ImageAsk, previousResponseId: string | undefined): ResponsesRequest {
  const tool: ResponsesImageTool = {
    type: 'image_generation',
    model: modelId(ask.model),
    size: ask.size,
    quality: toolQuality(ask.quality),
    output_format: 'png',
    partial_images: PARTIAL_IMAGES,
    ...(ask.background ? { background: ask.background } : {}),
  };
  return { input: ask.prompt, ...(previousResponseId ? { previous_response_id: previousResponseId } : {}), tools: [tool], tool_choice: { type: 'image_generation' } };
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
const dataUrl = (bytes: Uint8Array) => `data:image/png;base64,${toBase64(bytes)}`;

/** The turn with its images: text alone stays a plain string; with images, one user message (`detail` is required). */
export function withImages(request: ResponsesRequest, images: readonly Uint8Array[], mask: Uint8Array | null): ResponsesRequest {
  const text = typeof request.input === 'string' ? request.input : '';
  const content: Array<{ type: 'input_text'; text: string } | ResponsesInputImage> = [
    { type: 'input_text', text },
    ...images.map((b) => ({ type: 'input_image' as const, image_url: dataUrl(b), detail: 'high' as const })),
  ];
  const tools = request.tools.map((t) => (mask ? { ...t, input_image_mask: { image_url: dataUrl(mask) } } : t));
  return { ...request, input: images.length === 0 ? text : [{ role: 'user', content }], tools };
}

/** The files of an Images edit: the frame's image first, then the references, then the region's mask. */
export function editFiles(frame: Uint8Array, references: readonly Uint8Array[], mask: Uint8Array | null): EditImageFiles {
  return { images: [frame, ...references], ...(mask ? { mask } : {}) };
}
