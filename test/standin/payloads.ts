/** OpenAI's bodies and events, shaped exactly as OpenAI's spec defines them (test/spec/openai-schemas.json, its extract). */

export interface ImageMeta {
  size: string;
  quality: string;
  background: string;
  output_format: string;
}

export function openAIError(message: string, type: string, code: string | null, param: string | null = null) {
  return { error: { message, type, param, code } };
}

export function usageFor(prompt: string, outputTokens: number, imageInputTokens = 0) {
  const text = Math.max(1, Math.ceil(prompt.length / 4));
  return {
    input_tokens: text + imageInputTokens,
    output_tokens: outputTokens,
    total_tokens: text + imageInputTokens + outputTokens,
    input_tokens_details: { text_tokens: text, image_tokens: imageInputTokens },
  };
}

export function partialEvent(kind: 'image_generation' | 'image_edit', b64: string, index: number, meta: ImageMeta) {
  return { type: `${kind}.partial_image`, b64_json: b64, created_at: Math.floor(Date.now() / 1000), partial_image_index: index, ...meta };
}

export function completedEvent(kind: 'image_generation' | 'image_edit', b64: string, meta: ImageMeta, usage: ReturnType<typeof usageFor>) {
  return { type: `${kind}.completed`, b64_json: b64, created_at: Math.floor(Date.now() / 1000), ...meta, usage };
}

export function imagesResponse(b64s: string[], meta: ImageMeta, usage: ReturnType<typeof usageFor>) {
  return {
    created: Math.floor(Date.now() / 1000),
    data: b64s.map((b64_json) => ({ b64_json })),
    background: meta.background === 'transparent' ? 'transparent' : 'opaque',
    output_format: meta.output_format,
    quality: meta.quality,
    size: meta.size,
    usage,
  };
}

const CATEGORIES = [
  'hate',
  'hate/threatening',
  'harassment',
  'harassment/threatening',
  'illicit',
  'illicit/violent',
  'self-harm',
  'self-harm/intent',
  'self-harm/instructions',
  'sexual',
  'sexual/minors',
  'violence',
  'violence/graphic',
] as const;

export function moderationResponse(model: string, flaggedAs: readonly string[]) {
  const flagged = flaggedAs.length > 0;
  return {
    id: `modr-${Date.now().toString(36)}`,
    model,
    results: [
      {
        flagged,
        categories: Object.fromEntries(CATEGORIES.map((c) => [c, flaggedAs.includes(c)])),
        category_scores: Object.fromEntries(CATEGORIES.map((c) => [c, flaggedAs.includes(c) ? 0.97 : 0.001])),
        category_applied_input_types: Object.fromEntries(CATEGORIES.map((c) => [c, ['text']])),
      },
    ],
  };
}

/** A Responses API `Response` object. */
/**
 * A Response object. A completed one carries the image tool's usage in `tool_usage.image_gen` beside the mainline
 * model's `usage`, as observed live (research notes §4.3); the spec's Response schema does not forbid it.
 */
export function responseObject(
  id: string,
  model: string,
  status: 'in_progress' | 'completed',
  output: unknown[],
  body: Record<string, unknown>,
  imageUsage?: ReturnType<typeof usageFor>,
) {
  return {
    id,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status,
    error: null,
    incomplete_details: null,
    instructions: (body.instructions as string | undefined) ?? null,
    max_output_tokens: null,
    model,
    output,
    parallel_tool_calls: true,
    previous_response_id: (body.previous_response_id as string | undefined) ?? null,
    reasoning: { effort: null, summary: null },
    store: true,
    temperature: 1,
    text: { format: { type: 'text' } },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_p: 1,
    truncation: 'disabled',
    ...(status === 'completed'
      ? {
          usage: {
            input_tokens: 20,
            input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
            output_tokens: 40,
            output_tokens_details: { reasoning_tokens: 0 },
            total_tokens: 60,
          },
          ...(imageUsage ? { tool_usage: { image_gen: imageUsage } } : {}),
        }
      : {}),
    ...(typeof body.user === 'string' ? { user: body.user } : {}),
    metadata: {},
  };
}
