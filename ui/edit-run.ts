/**
 * One edit of a frame's current image, on either engine: the stateless Images edit (multipart, with references
 * and mask) or the conversation engine (Responses with previous_response_id). Reports partial images as they
 * stream and resolves with every final image.
 */
import type { Complexity } from '../contract/api';
import type { EditInput, StoredSettings } from '../contract/messages';
import { modelId, type ModelRef } from '../core/models';
import type { Engine } from '../core/thread';
import { conversationStream, editStream } from './api/edits';
import { base64ToBytes } from './base64';
import { PARTIAL_IMAGES } from './generate';
import { maskPng } from './mask';
import { pngSize } from '../core/png';

export interface EditPlan {
  /** The exact prompt sent (see core/prompt.ts editPrompt). */
  prompt: string;
  model: ModelRef;
  size: string;
  quality: string;
  /** GPT Image 2.6's complexity (Images engine only: the Responses tool's fields for it are not documented). */
  complexity?: Complexity;
  /** Variations: 1..4. */
  n: number;
  engine: Engine;
  /** The conversation to continue (the current version's response id), for the conversation engine. */
  previousResponseId?: string;
  /** Keep (or make) the background transparent. */
  background?: 'transparent';
  input: EditInput;
}

export interface EditImage {
  bytes: Uint8Array;
  width: number;
  height: number;
  /** The Responses id that made this image (conversation engine). */
  responseId?: string;
}

export interface EditHooks {
  onJob(jobId: string): void;
  onPartial(bytes: Uint8Array, index: number): void;
}

export const MAX_VARIATIONS = 4;

function imageOf(bytes: Uint8Array, size: string): EditImage {
  const [w, h] = size.split('x').map(Number);
  return { bytes, ...(pngSize(bytes) ?? { width: w ?? 0, height: h ?? 0 }) };
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
const dataUrl = (bytes: Uint8Array) => `data:image/png;base64,${toBase64(bytes)}`;

async function viaImages(plan: EditPlan, settings: StoredSettings, signal: AbortSignal, hooks: EditHooks): Promise<EditImage[]> {
  const mask = plan.input.mask ? await maskPng(plan.input.mask) : null;
  const stream = await editStream(
    settings,
    {
      prompt: plan.prompt,
      model: plan.model,
      size: plan.size,
      quality: plan.quality,
      ...(plan.complexity ? { complexity: plan.complexity } : {}),
      n: plan.n,
      partialImages: PARTIAL_IMAGES,
      image: plan.input.image.bytes,
      references: plan.input.references.map((r) => r.bytes),
      mask,
      ...(plan.background ? { background: plan.background } : {}),
    },
    signal,
  );
  if (stream.jobId) hooks.onJob(stream.jobId);
  const images: EditImage[] = [];
  for await (const event of stream) {
    if (event.type === 'error') continue;
    if ('partial_image_index' in event) hooks.onPartial(base64ToBytes(event.b64_json), event.partial_image_index);
    else if ('usage' in event) images.push(imageOf(base64ToBytes(event.b64_json), event.size));
  }
  return images;
}

/** The Responses body for one turn: text, and the frame's image unless the conversation already has it. */
export function conversationBody(plan: EditPlan, mask: Uint8Array | null): Record<string, unknown> {
  const images = plan.previousResponseId ? plan.input.references.map((r) => r.bytes) : [plan.input.image.bytes, ...plan.input.references.map((r) => r.bytes)];
  return {
    // Text alone goes as a plain string; with images, one user message (input_image requires `detail` in the spec).
    input:
      images.length === 0
        ? plan.prompt
        : [{ role: 'user', content: [{ type: 'input_text', text: plan.prompt }, ...images.map((b) => ({ type: 'input_image', image_url: dataUrl(b), detail: 'high' }))] }],
    ...(plan.previousResponseId ? { previous_response_id: plan.previousResponseId } : {}),
    tools: [
      {
        type: 'image_generation',
        model: modelId(plan.model),
        size: plan.size,
        quality: plan.quality,
        output_format: 'png',
        partial_images: PARTIAL_IMAGES,
        ...(plan.background ? { background: plan.background } : {}),
        ...(mask ? { input_image_mask: { image_url: dataUrl(mask) } } : {}),
      },
    ],
    tool_choice: { type: 'image_generation' },
  };
}

async function viaConversation(plan: EditPlan, settings: StoredSettings, signal: AbortSignal, hooks: EditHooks): Promise<EditImage[]> {
  const mask = plan.input.mask ? await maskPng(plan.input.mask) : null;
  const images: EditImage[] = [];
  // Each variation continues the same conversation on its own branch.
  for (let i = 0; i < plan.n; i++) {
    const stream = await conversationStream(settings, conversationBody(plan, mask), signal);
    if (stream.jobId) hooks.onJob(stream.jobId);
    let image: EditImage | undefined;
    for await (const event of stream) {
      if (event.kind === 'partial') hooks.onPartial(base64ToBytes(event.b64), event.index);
      else if (event.kind === 'image') image = imageOf(base64ToBytes(event.b64), plan.size);
      else if (image) image.responseId = event.responseId;
    }
    if (image) images.push(image);
  }
  return images;
}

export function runEdit(plan: EditPlan, settings: StoredSettings, signal: AbortSignal, hooks: EditHooks): Promise<EditImage[]> {
  return plan.engine === 'responses' ? viaConversation(plan, settings, signal, hooks) : viaImages(plan, settings, signal, hooks);
}
