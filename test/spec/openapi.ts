/**
 * Validates values against the schemas of OpenAI's published spec, so tests can say that what the backend sends
 * upstream and what the stand-in answers are exactly OpenAI's wire format. The schemas come from the committed
 * extract beside this file (openai-schemas.json, written by scripts/spec-extract.mjs from openai/openai-openapi),
 * so the tests need nothing outside the repository.
 *
 * The spec is OpenAPI 3.1 (JSON Schema 2020-12) with a few 3.0 leftovers (`nullable`) handled here. One known lag
 * is patched, visibly: the streaming event and response schemas still list only the three classic sizes, while
 * the spec's own request schemas and docs accept any `WIDTHxHEIGHT` for gpt-image-2 (see SIZE_PATCHED).
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyFigmentExtensions } from './figment-extensions';

const SPEC_PATH = join(dirname(fileURLToPath(import.meta.url)), 'openai-schemas.json');

/** Schemas whose `size` enum predates gpt-image-2's flexible sizes; they also accept `WxH`. */
export const SIZE_PATCHED = [
  'ImageGenPartialImageEvent',
  'ImageGenCompletedEvent',
  'ImageEditPartialImageEvent',
  'ImageEditCompletedEvent',
  'ImagesResponse',
];
const FLEXIBLE_SIZE = { type: 'string', pattern: '^[0-9]+x[0-9]+$' };

type Json = Record<string, unknown>;

/** OpenAPI 3.0 `nullable: true` becomes a JSON Schema type union. */
function normalize(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalize);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) out[k] = normalize(v);
  if ('nullable' in out) {
    const nullable = out.nullable === true;
    delete out.nullable;
    if (nullable && typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (nullable && !out.type) return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

function patchSizes(schemas: Json): void {
  for (const name of SIZE_PATCHED) {
    const props = (schemas[name] as { properties?: Json } | undefined)?.properties;
    if (props?.size) props.size = { anyOf: [props.size, FLEXIBLE_SIZE] };
  }
}

let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();
let schemaNames: Set<string> | undefined;

function load(): Ajv2020 {
  if (ajv) return ajv;
  const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as { components: { schemas: Json } };
  const components = normalize(spec.components) as { schemas: Json };
  patchSizes(components.schemas);
  applyFigmentExtensions(components.schemas);
  schemaNames = new Set(Object.keys(components.schemas));
  const instance = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(instance);
  for (const format of ['unixtime', 'binary', 'double', 'float', 'int64', 'png']) instance.addFormat(format, true);
  instance.addSchema({ $id: 'openai', components }, 'openai');
  ajv = instance;
  return instance;
}

function describe(e: ErrorObject): string {
  const where = e.instancePath || '(root)';
  const extra = e.keyword === 'enum' ? ` ${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)}` : e.keyword === 'additionalProperties' ? ` "${(e.params as { additionalProperty?: string }).additionalProperty}"` : '';
  return `${where} ${e.message ?? e.keyword}${extra}`;
}

/** Errors of `value` against `components.schemas[schemaName]`; an empty list means valid. */
export function validateAgainst(schemaName: string, value: unknown): string[] {
  const validate = validatorFor(schemaName);
  if (validate(value)) return [];
  // anyOf/oneOf failures list every branch; keep the distinct messages.
  return [...new Set((validate.errors ?? []).map(describe))];
}

function validatorFor(schemaName: string): ValidateFunction {
  const instance = load();
  if (!schemaNames!.has(schemaName)) {
    throw new Error(`the spec extract has no schema named ${schemaName}: add it to ROOTS in scripts/spec-extract.mjs and run npm run spec:extract`);
  }
  let validate = compiled.get(schemaName);
  if (!validate) {
    validate = instance.compile({ $ref: `openai#/components/schemas/${schemaName}` });
    compiled.set(schemaName, validate);
  }
  return validate;
}

// Load and compile the Images API schemas at import: the stand-in checks requests and events inside its handlers,
// where a first compile on a loaded machine would otherwise count against the backend's upstream timeouts.
for (const name of ['CreateImageRequest', 'CreateImageEditRequest', 'ImagesResponse', 'ErrorResponse', ...SIZE_PATCHED]) validatorFor(name);

/** A schema straight from the spec (after normalisation), e.g. to list a request's known fields. */
export function specSchema(schemaName: string): Json {
  load();
  return (ajv!.getSchema('openai')!.schema as { components: { schemas: Json } }).components.schemas[schemaName] as Json;
}

/**
 * A multipart form (as the stand-in records it) as the JSON object `CreateImageEditRequest` describes: numeric
 * fields as numbers, booleans as booleans, files as placeholder strings, `image[]` gathered into `image`.
 */
export function multipartToObject(form: { fields: Record<string, string | string[]>; files: Array<{ field: string; filename: string }> }): Json {
  const out: Json = {};
  const numeric = new Set(['n', 'partial_images', 'output_compression']);
  for (const [key, raw] of Object.entries(form.fields)) {
    const value = Array.isArray(raw) ? raw[raw.length - 1]! : raw;
    if (numeric.has(key) && /^-?\d+$/.test(value)) out[key] = Number(value);
    else if (key === 'stream' && (value === 'true' || value === 'false')) out[key] = value === 'true';
    else out[key] = value;
  }
  const images = form.files.filter((f) => f.field === 'image' || f.field === 'image[]').map((f) => `<file ${f.filename}>`);
  if (images.length === 1) out.image = images[0];
  else if (images.length > 1) out.image = images;
  const mask = form.files.find((f) => f.field === 'mask');
  if (mask) out.mask = `<file ${mask.filename}>`;
  return out;
}
