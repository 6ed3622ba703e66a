/**
 * The checks that depend on the model a request names, in one place for generations, edits and the Responses
 * image tool: retired, allowed, then what that model's catalogue entry accepts (size, quality, complexity,
 * transparent background, output format, input_fidelity). Each refusal names the field and what would do.
 */
import { z } from 'zod';
import { COMPLEXITIES, QUALITIES, type Background, type Complexity, type Quality } from '../../contract/api';
import { findModel, retiredMessage, type Catalogue, type ModelInfo } from '../../core/models';
import { sizeProblem } from '../../core/sizing';
import { failure, type ApiFailure } from '../http/errors';
import { sizeSyntaxProblem } from './fields';

export const qualityField = z.enum(QUALITIES);
export const complexityField = z.enum(COMPLEXITIES);

export interface ModelPolicy {
  defaultModel: string;
  allowedModels: readonly string[];
  /** The catalogue to read capabilities from (the built-in one when absent). */
  catalogue?: Catalogue;
  /** Today as an ISO date, for retirements (the clock's when absent). */
  today?: () => string;
}

const isoToday = () => new Date().toISOString().slice(0, 10);

/** The model's catalogue entry, or why it cannot be used: shut down (date and replacement), not enabled, unknown. */
export function allowedModel(model: string, policy: ModelPolicy): ModelInfo | ApiFailure {
  const retired = retiredMessage(model, (policy.today ?? isoToday)(), policy.catalogue);
  if (retired) return failure(400, 'model_retired', retired, 'model');
  if (!policy.allowedModels.includes(model)) {
    return failure(400, 'unsupported_model', `Model "${model}" is not enabled on this backend; use one of: ${policy.allowedModels.join(', ')}.`, 'model');
  }
  return findModel(model, policy.catalogue) ?? failure(400, 'unsupported_model', `Model "${model}" is not one Figment knows.`, 'model');
}

export function sizeProblemFailure(info: ModelInfo, size: string): ApiFailure | undefined {
  const problem = sizeSyntaxProblem(size) ?? sizeProblem(info, size);
  return problem ? failure(400, 'invalid_size', `Size "${size}" does not suit ${info.id}: ${problem}`, 'size') : undefined;
}

export function checkModelAndSize(model: string, size: string, policy: ModelPolicy): ApiFailure | undefined {
  const info = allowedModel(model, policy);
  return 'status' in info ? info : sizeProblemFailure(info, size);
}

export interface ModelFields {
  quality?: Quality;
  complexity?: Complexity;
  background?: Background;
  output_format?: string;
  input_fidelity?: string;
}

/** What `info` cannot do among the fields given; undefined when it can do them all. */
export function modelFieldProblem(info: ModelInfo, fields: ModelFields): ApiFailure | undefined {
  const { id } = info;
  if (fields.quality && fields.quality !== 'auto' && !info.qualities.includes(fields.quality)) {
    return failure(400, 'invalid_request', `${id} does not take quality "${fields.quality}"; use ${[...info.qualities, 'auto'].join(', ')}.`, 'quality');
  }
  if (fields.complexity && !info.complexities.includes(fields.complexity)) {
    const offer = info.complexities.length ? `use ${info.complexities.join(', ')}` : 'only GPT Image 2.6 models take it';
    return failure(400, 'invalid_request', `${id} does not take complexity "${fields.complexity}"; ${offer}.`, 'complexity');
  }
  if (fields.background === 'transparent' && !info.transparentBackground) {
    return failure(400, 'invalid_request', `${id} cannot make transparent backgrounds here; use opaque or auto.`, 'background');
  }
  if (fields.output_format && !(info.outputFormats as readonly string[]).includes(fields.output_format)) {
    return failure(400, 'invalid_request', `${id} does not return ${fields.output_format}; use ${info.outputFormats.join(', ')}.`, 'output_format');
  }
  if (fields.input_fidelity && !info.inputFidelity) {
    return failure(400, 'invalid_request', `${id} does not take input_fidelity (it always uses high fidelity).`, 'input_fidelity');
  }
  return undefined;
}
