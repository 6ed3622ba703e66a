/**
 * Checks a multipart `POST /v1/images/edits` body (OpenAI's `CreateImageEditRequest`): the same field rules as
 * generations, 1..N images (`image` or `image[]`), an optional PNG mask of the first image's dimensions.
 */
import { z } from 'zod';
import { failure, type ApiFailure } from '../http/errors';
import type { MultipartBody, MultipartFile } from '../http/multipart';
import { INPUT_FIDELITIES, type EditImageRequest } from '../../contract/api';
import type { EditParams, Upload } from '../params';
import { decimalInt, type FieldsOf } from './fields';
import { imageRequestFields, zodFailure } from './generation';
import { allowedModel, modelFieldProblem, sizeProblemFailure, type ModelPolicy } from './model-fields';
import { inspectUpload } from './upload';

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

const editFields = z
  .object({ ...imageRequestFields(decimalInt, bool), input_fidelity: z.enum(INPUT_FIDELITIES).optional() })
  .strict() satisfies FieldsOf<EditImageRequest>;

export interface ValidEdit {
  params: EditParams;
  stream: boolean;
}

const FILE_FIELDS = new Set(['image', 'image[]', 'mask']);

function uploadsOf(files: MultipartFile[], field: string): Upload[] | ApiFailure {
  const uploads: Upload[] = [];
  for (const [i, file] of files.entries()) {
    const result = inspectUpload(file.bytes, file.filename);
    if (typeof result === 'string') return failure(400, 'invalid_request', `${field} #${i + 1} ${result}`, field);
    uploads.push(result);
  }
  return uploads;
}

export async function validateEdit(form: MultipartBody, policy: ModelPolicy): Promise<ValidEdit | ApiFailure> {
  const fields: Record<string, string> = {};
  for (const [key, value] of form.fields) {
    if (FILE_FIELDS.has(key)) return failure(400, 'invalid_request', `${key} must be a file upload`, key);
    if (key in fields) return failure(400, 'invalid_request', `${key} is given twice`, key);
    fields[key] = value;
  }
  for (const file of form.files) {
    if (!FILE_FIELDS.has(file.field)) return failure(400, 'invalid_request', `${file.field} must be a text field`, file.field);
  }
  const filesOf = (...names: string[]) => form.files.filter((f) => names.includes(f.field));
  const parsed = editFields.safeParse(fields);
  if (!parsed.success) return zodFailure(parsed.error);
  const b = parsed.data;
  const model = b.model ?? policy.defaultModel;
  const info = allowedModel(model, policy);
  if ('status' in info) return info;
  const problem = sizeProblemFailure(info, b.size ?? 'auto') ?? modelFieldProblem(info, b);
  if (problem) return problem;

  const images = uploadsOf(filesOf('image', 'image[]'), 'image');
  if ('status' in images) return images;
  if (images.length === 0) return failure(400, 'invalid_request', 'At least one image is required.', 'image');
  if (images.length > info.maxEditImages) {
    return failure(400, 'invalid_request', `${model} takes at most ${info.maxEditImages} images per edit.`, 'image');
  }
  const masks = uploadsOf(filesOf('mask'), 'mask');
  if ('status' in masks) return masks;
  if (masks.length > 1) return failure(400, 'invalid_request', 'Only one mask may be given.', 'mask');
  const mask = masks[0];
  if (mask) {
    if (mask.type !== 'image/png') return failure(400, 'invalid_request', 'The mask must be a PNG with an alpha channel.', 'mask');
    const first = images[0]!;
    if (mask.width !== first.width || mask.height !== first.height) {
      return failure(400, 'invalid_request', `The mask is ${mask.width}x${mask.height} but the image is ${first.width}x${first.height}; they must match.`, 'mask');
    }
  }
  const stream = b.stream ?? false;
  const params: EditParams = {
    model,
    prompt: b.prompt,
    size: b.size ?? 'auto',
    quality: b.quality ?? 'auto',
    n: b.n ?? 1,
    output_format: b.output_format ?? 'png',
    partial_images: stream ? (b.partial_images ?? 2) : 0,
    images,
    ...(mask ? { mask } : {}),
    ...(b.input_fidelity ? { input_fidelity: b.input_fidelity } : {}),
    ...(b.complexity ? { complexity: b.complexity } : {}),
    ...(b.output_compression !== undefined ? { output_compression: b.output_compression } : {}),
    ...(b.background ? { background: b.background } : {}),
    ...(b.user ? { user: b.user } : {}),
  };
  return { params, stream };
}
