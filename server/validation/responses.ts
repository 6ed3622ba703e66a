/**
 * Checks a `POST /v1/responses` body, restricted to what Figment's conversation engine needs: an allow-listed
 * mainline model, exactly one tool (`image_generation`, with an allow-listed image model and a valid size),
 * text and image inputs as base64 data URLs only (the backend never fetches a client-supplied URL), and
 * `previous_response_id` to continue a conversation.
 */
import { z } from 'zod';
import { failure, type ApiFailure } from '../http/errors';
import { BACKGROUNDS, MODERATIONS, OUTPUT_FORMATS, QUALITIES } from '../../contract/api';
import { IMAGE_DETAILS, RESPONSES_TOOL_ACTIONS, type ResponsesBody, type ResponsesImageTool, type ResponsesInputImage, type ResponsesInputText, type ResponsesMessage, type ResponsesRequest } from '../../contract/responses';
import { promptText, type FieldsOf } from './fields';
import { checkModelAndSize, MAX_PROMPT_CHARS, zodFailure, type ModelPolicy } from './generation';

/** ~20 MB of base64, OpenAI's own limit for an image_url string. */
const MAX_DATA_URL = 20_971_520;
const dataUrl = z
  .string()
  .max(MAX_DATA_URL)
  .regex(/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]+=*$/, 'must be a base64 data: URL of a PNG, JPEG or WebP image (URLs are not fetched)');

const inputText = z.object({ type: z.literal('input_text'), text: promptText(MAX_PROMPT_CHARS) }).strict() satisfies FieldsOf<ResponsesInputText>;
const inputImage = z
  .object({ type: z.literal('input_image'), image_url: dataUrl, detail: z.enum(IMAGE_DETAILS).optional() })
  .strict() satisfies FieldsOf<ResponsesInputImage>;
const message = z
  .object({
    type: z.literal('message').optional(),
    role: z.literal('user'),
    content: z.union([promptText(MAX_PROMPT_CHARS), z.array(z.union([inputText, inputImage])).min(1).max(17)]),
  })
  .strict() satisfies FieldsOf<ResponsesMessage>;

const imageTool = z
  .object({
    type: z.literal('image_generation'),
    model: z.string().optional(),
    size: z.string().optional(),
    quality: z.enum(QUALITIES).exclude(['xhigh', 'max']).optional(),
    output_format: z.enum(OUTPUT_FORMATS).optional(),
    output_compression: z.number().int().min(0).max(100).optional(),
    background: z.enum(BACKGROUNDS).optional(),
    moderation: z.enum(MODERATIONS).optional(),
    partial_images: z.number().int().min(0).max(3).optional(),
    action: z.enum(RESPONSES_TOOL_ACTIONS).optional(),
    input_image_mask: z.object({ image_url: dataUrl }).strict().optional(),
  })
  .strict() satisfies FieldsOf<ResponsesImageTool>;

const body = z
  .object({
    model: z.string().min(1).optional(),
    input: z.union([promptText(MAX_PROMPT_CHARS), z.array(message).min(1).max(20)]),
    instructions: z.string().max(8_000).optional(),
    previous_response_id: z.string().regex(/^resp_[A-Za-z0-9_-]{1,200}$/).optional(),
    tools: z.array(z.unknown()).min(1).max(1),
    tool_choice: z.union([z.literal('auto'), z.literal('required'), z.object({ type: z.literal('image_generation') }).strict()]).optional(),
    stream: z.boolean().optional(),
    store: z.boolean().optional(),
    user: z.string().max(256).optional(),
  })
  .strict() satisfies FieldsOf<Omit<ResponsesRequest, 'tools'> & { tools: unknown[] }>;

export type { ResponsesBody } from '../../contract/responses';

export interface ResponsesPolicy extends ModelPolicy {
  responsesModels: readonly string[];
}

export interface ValidResponses {
  body: ResponsesBody;
  stream: boolean;
  /** The prompt text, for moderation. */
  text: string;
  partialImages: number;
}

export function validateResponses(raw: unknown, policy: ResponsesPolicy): ValidResponses | ApiFailure {
  const tools = (raw as { tools?: unknown } | null)?.tools;
  if (Array.isArray(tools)) {
    const other = tools.find((t) => (t as { type?: unknown } | null)?.type !== 'image_generation');
    if (other !== undefined) {
      return failure(400, 'invalid_request', 'Only the image_generation tool may be used through this backend.', 'tools');
    }
  }
  const parsed = body.safeParse(raw);
  if (!parsed.success) return zodFailure(parsed.error);
  const b = parsed.data;
  const model = b.model ?? policy.responsesModels[0]!;
  if (!policy.responsesModels.includes(model)) {
    return failure(400, 'unsupported_model', `Model "${model}" is not enabled for conversations; use one of: ${policy.responsesModels.join(', ')}.`, 'model');
  }
  const toolParsed = imageTool.safeParse(b.tools[0]);
  if (!toolParsed.success) return zodFailure(toolParsed.error);
  const tool = { ...toolParsed.data, model: toolParsed.data.model ?? policy.defaultModel };
  const problem = checkModelAndSize(tool.model, tool.size ?? 'auto', policy);
  if (problem) return problem;
  const stream = b.stream ?? false;
  if (!stream) tool.partial_images = 0;
  const text =
    typeof b.input === 'string'
      ? b.input
      : b.input
          .flatMap((m) => (typeof m.content === 'string' ? [m.content] : m.content.flatMap((p) => (p.type === 'input_text' ? [p.text] : []))))
          .join('\n');
  return { body: { ...b, model, tools: [tool] }, stream, text, partialImages: tool.partial_images ?? 0 };
}
