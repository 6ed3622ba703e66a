/**
 * `FIGMENT_MODELS_FILE`: a team's own catalogue entries, JSON, checked with zod at start-up. An entry whose `id`
 * is a known model overrides the fields it gives; a new `id` copies what it leaves out from the model it
 * `extends`, or gives every field. Errors name the entry and the field ("models[1].qualities[2]: ...").
 *
 * ```json
 * { "models": [ { "id": "gpt-image-2.7-flare", "extends": "gpt-image-2.6-flare", "label": "GPT Image 2.7 Flare" },
 *               { "id": "gpt-image-2", "retiresOn": "2027-03-01", "replacement": "gpt-image-2.6-sunburst" } ] }
 * ```
 */
import { z } from 'zod';
import { COMPLEXITIES, CONCRETE_QUALITIES, OUTPUT_FORMATS } from '../contract/api';
import { findModel, type Catalogue, type ModelInfo } from '../core/models';

const quality = z.enum(CONCRETE_QUALITIES);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be an ISO date (YYYY-MM-DD)');
const usd = z.number().nonnegative();
const seconds = z.tuple([z.number().positive(), z.number().positive()]).refine(([a, b]) => a <= b, 'must be [fastest, slowest]');

/** A complete entry: what the catalogue needs of every model. */
const modelSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'must be an OpenAI model id (lowercase letters, digits, dots, dashes)'),
    label: z.string().min(1),
    goodFor: z.string().min(1),
    sizing: z.enum(['flexible', 'fixed']),
    sizes: z.array(z.string().regex(/^\d+x\d+$/, 'must be WIDTHxHEIGHT')).min(1).optional(),
    qualities: z.array(quality).min(1),
    complexities: z.array(z.enum(COMPLEXITIES)),
    transparentBackground: z.boolean(),
    inputFidelity: z.boolean(),
    maxEditImages: z.number().int().min(1).max(16),
    outputFormats: z.array(z.enum(OUTPUT_FORMATS)).min(1),
    prices: z.object({ textIn: usd, textCachedIn: usd.optional(), imageIn: usd, imageCachedIn: usd.optional(), imageOut: usd }).strict(),
    outputTokenScale: z.partialRecord(quality, z.number().positive()).optional(),
    latencySeconds: z.partialRecord(quality, seconds),
    retiresOn: isoDate.optional(),
    replacement: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    for (const q of m.qualities) {
      if (!m.latencySeconds[q]) ctx.addIssue({ code: 'custom', path: ['latencySeconds', q], message: `is needed for quality ${q}` });
    }
  });

const fileSchema = z.object({ models: z.array(z.looseObject({ id: z.string(), extends: z.string().optional() })) }).strict();

function describe(error: z.ZodError, prefix: (string | number)[]): string {
  const issue = error.issues[0]!;
  const path = [...prefix, ...issue.path]
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
  return `${path || 'the file'}: ${issue.message}`;
}

/** The entries of a models file, each complete and checked; throws an Error naming the bad field. */
export function parseModelsFile(text: string, known: Catalogue): ModelInfo[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const file = fileSchema.safeParse(data);
  if (!file.success) throw new Error(describe(file.error, []));
  return file.data.models.map((entry, i) => {
    const { extends: base, ...fields } = entry;
    const from = base === undefined ? findModel(fields.id, known) : findModel(base, known);
    if (base !== undefined && !from) throw new Error(`models[${i}].extends: "${base}" is not a model Figment knows`);
    // A new id inherits what it leaves out, but never the base's retirement.
    const inherited = from && from.id !== fields.id ? { ...from, retiresOn: undefined, replacement: undefined } : from;
    const merged = Object.fromEntries(Object.entries({ ...inherited, ...fields }).filter(([, v]) => v !== undefined));
    const parsed = modelSchema.safeParse(merged);
    if (!parsed.success) throw new Error(describe(parsed.error, ['models', i]));
    return parsed.data as ModelInfo;
  });
}
