/**
 * Checks a `POST /v1/images/generations` body before anything is spent: shape (zod), model allow-list and the
 * model's size rules. Returns OpenAI-vocabulary params with defaults filled in, or a failure naming the field.
 */
import { z } from 'zod';
import { failure, type ApiFailure } from '../http/errors';
import { BACKGROUNDS, MODERATIONS, OUTPUT_FORMATS, type GenerateImageRequest } from '../../contract/api';
import type { GenerationParams } from '../params';
import { promptText, type FieldsOf } from './fields';
import { allowedModel, complexityField, modelFieldProblem, qualityField, sizeProblemFailure, type ModelPolicy } from './model-fields';

export { checkModelAndSize, type ModelPolicy } from './model-fields';

export const MAX_PROMPT_CHARS = 32_000;
export const MAX_IMAGES_PER_REQUEST = 4;

/**
 * The fields generations and edits share, with the same rules; `int` and `flag` read numbers and booleans as the
 * body carries them (JSON values, or multipart text).
 */
export const imageRequestFields = <I extends z.ZodType<number>, F extends z.ZodType<boolean>>(int: (min: number, max: number) => I, flag: F) => ({
  prompt: promptText(MAX_PROMPT_CHARS),
  model: z.string().min(1).optional(),
  size: z.string().optional(),
  quality: qualityField.optional(),
  complexity: complexityField.optional(),
  n: int(1, MAX_IMAGES_PER_REQUEST).optional(),
  output_format: z.enum(OUTPUT_FORMATS).optional(),
  output_compression: int(0, 100).optional(),
  background: z.enum(BACKGROUNDS).optional(),
  stream: flag.optional(),
  partial_images: int(0, 3).optional(),
  user: z.string().max(256).optional(),
});

const jsonInt = (min: number, max: number) => z.number().int().min(min).max(max);

const generationBody = z
  .object({ ...imageRequestFields(jsonInt, z.boolean()), moderation: z.enum(MODERATIONS).optional() })
  .strict() satisfies FieldsOf<GenerateImageRequest>;

export interface ValidGeneration {
  params: GenerationParams;
  stream: boolean;
}

export function zodFailure(error: z.ZodError): ApiFailure {
  const issue = error.issues[0];
  const param = issue?.path.join('.') || null;
  const message = issue?.code === 'unrecognized_keys' ? `Unrecognized request argument: ${issue.keys.join(', ')}` : `${param ?? 'body'}: ${issue?.message ?? 'invalid'}`;
  return failure(400, 'invalid_request', message, issue?.code === 'unrecognized_keys' ? (issue.keys[0] ?? null) : param);
}

export function validateGeneration(body: unknown, policy: ModelPolicy): ValidGeneration | ApiFailure {
  const parsed = generationBody.safeParse(body);
  if (!parsed.success) return zodFailure(parsed.error);
  const b = parsed.data;
  const model = b.model ?? policy.defaultModel;
  const size = b.size ?? 'auto';
  const info = allowedModel(model, policy);
  if ('status' in info) return info;
  const problem = sizeProblemFailure(info, size) ?? modelFieldProblem(info, b);
  if (problem) return problem;
  const format = b.output_format ?? 'png';
  if (b.background === 'transparent' && format === 'jpeg') {
    return failure(400, 'invalid_request', 'A transparent background needs png or webp output.', 'output_format');
  }
  if (b.output_compression !== undefined && format === 'png') {
    return failure(400, 'invalid_request', 'output_compression applies only to jpeg and webp.', 'output_compression');
  }
  const params: GenerationParams = {
    model,
    prompt: b.prompt,
    size,
    quality: b.quality ?? 'auto',
    n: b.n ?? 1,
    output_format: format,
    partial_images: b.stream ? (b.partial_images ?? 2) : 0,
  };
  if (b.complexity !== undefined) params.complexity = b.complexity;
  if (b.output_compression !== undefined) params.output_compression = b.output_compression;
  if (b.background !== undefined) params.background = b.background;
  if (b.moderation !== undefined) params.moderation = b.moderation;
  if (b.user !== undefined) params.user = b.user;
  return { params, stream: b.stream ?? false };
}
