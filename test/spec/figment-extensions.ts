/**
 * FIGMENT EXTENSION OF OPENAI'S SPEC. The Aug-2026 `openapi.yaml` predates GPT Image 2.5 (2026-09-08) and 2.6
 * (2026-11-04). So that the stand-in can speak for them, this adds exactly what later sources document, each
 * field and value with its source, and nothing else; every other rule stays the spec's own.
 *
 * - `quality: xhigh | max`, on the 2.5 and 2.6 models only: the official Responses API reference for
 *   `tools[].image_generation` (Sept 2026, translated copy; research doc §1.1) for 2.5, and OpenAI's 2.6 docs as
 *   summarised on 2026-11-05 by apidog.com/blog/gpt-image-2-6-api (3rd-party; research doc §1.4) for 2.6.
 * - `complexity: low | medium | high`, on the 2.6 models only: the official image generation guide (ko-KR,
 *   developers.openai.com/ko-KR/api/docs/guides/image-generation; research doc §1.4), "omitted means high".
 * - The model ids `gpt-image-2.5-{flare,sunburst}` and `gpt-image-2.6-{flare,sunburst}` (and dated snapshots)
 *   in the `model` enums: the same sources. (The spec's `model` is already any string; the enums are listed so the
 *   extension is visible where a reader looks.)
 * - Answers (`ImagesResponse`, the partial and completed events) may report `quality: xhigh | max`: the answer
 *   echoes the request's quality, as it does for low/medium/high.
 */

type Json = Record<string, unknown>;

/** The 2.5 and 2.6 model ids, with or without a dated snapshot suffix. */
export const MODELS_25_26 = '^gpt-image-2\\.[56]-(flare|sunburst)(-[0-9]{4}-[0-9]{2}-[0-9]{2})?$';
export const MODELS_26 = '^gpt-image-2\\.6-(flare|sunburst)(-[0-9]{4}-[0-9]{2}-[0-9]{2})?$';
export const NEW_QUALITIES = ['xhigh', 'max'] as const;
export const COMPLEXITIES = ['low', 'medium', 'high'] as const;
const NEW_MODEL_IDS = ['gpt-image-2.5-flare', 'gpt-image-2.5-sunburst', 'gpt-image-2.6-flare', 'gpt-image-2.6-sunburst'];

const REQUESTS = ['CreateImageRequest', 'CreateImageEditRequest'];
const ANSWERS = ['ImagesResponse', 'ImageGenPartialImageEvent', 'ImageGenCompletedEvent', 'ImageEditPartialImageEvent', 'ImageEditCompletedEvent'];

const propsOf = (schemas: Json, name: string): Json => {
  const props = (schemas[name] as { properties?: Json } | undefined)?.properties;
  if (!props) throw new Error(`figment-extensions: the spec has no ${name}.properties (has the spec changed?)`);
  return props;
};

function addToEnum(schema: unknown, values: readonly string[]): void {
  const s = schema as { enum?: unknown[]; anyOf?: unknown[]; type?: unknown };
  if (Array.isArray(s.enum)) s.enum.push(...values.filter((v) => !s.enum!.includes(v)));
  for (const branch of s.anyOf ?? []) addToEnum(branch, values);
}

/** Patches the spec's (normalised) `components.schemas` in place with the extension above. */
export function applyFigmentExtensions(schemas: Json): void {
  for (const name of REQUESTS) {
    const props = propsOf(schemas, name);
    addToEnum(props.quality, NEW_QUALITIES);
    addToEnum(props.model, NEW_MODEL_IDS);
    props.complexity = { type: 'string', enum: [...COMPLEXITIES], description: 'Figment extension: GPT Image 2.6 only; omitted means high.' };
    const schema = schemas[name] as Json & { allOf?: unknown[] };
    schema.allOf = [
      ...(schema.allOf ?? []),
      // xhigh and max only with a 2.5 or 2.6 model.
      {
        if: { properties: { quality: { enum: [...NEW_QUALITIES] } }, required: ['quality'] },
        then: { properties: { model: { type: 'string', pattern: MODELS_25_26 } }, required: ['model'] },
      },
      // complexity only with a 2.6 model.
      {
        if: { required: ['complexity'] },
        then: { properties: { model: { type: 'string', pattern: MODELS_26 } }, required: ['model'] },
      },
    ];
  }
  for (const name of ANSWERS) addToEnum(propsOf(schemas, name).quality, NEW_QUALITIES);
}
