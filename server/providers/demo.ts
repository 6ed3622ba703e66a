/**
 * The offline demo provider, used when the backend has no OPENAI_API_KEY: it streams placeholder images of the
 * requested size with the same events OpenAI sends, so the whole plugin flow can be tried without a key.
 * It costs nothing, so its usage reports zero tokens.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parseSize } from '../../core/sizing';
import type { ImageUsage } from '../../contract/api';
import { cancelledFailure } from './upstream-errors';
import { demoResponseEvents } from './demo-responses';
import { drawPlaceholder } from './placeholder-png';
import { createHash } from 'node:crypto';
import type { EditParams, GenerationParams, ImageProvider, ProviderEvent } from './types';

const FREE: ImageUsage = {
  input_tokens: 0,
  output_tokens: 0,
  total_tokens: 0,
  input_tokens_details: { text_tokens: 0, image_tokens: 0 },
};

export function createDemoProvider(options: { delayMs: number }): ImageProvider {
  return {
    kind: 'demo',
    // Placeholders stand in for images; a translation has no honest placeholder, so the demo offers none.
    capabilities: { modelsUnavailable: {}, translationsUnavailable: 'Translation needs OpenAI: this backend runs in demo mode (no OPENAI_API_KEY).' },
    async generate(params: GenerationParams, signal: AbortSignal) {
      return demoEvents(params, signal, options.delayMs, 'image_generation', params.prompt);
    },
    async edit(params: EditParams, signal: AbortSignal) {
      // The edit's picture depends on the input image too, so every turn of a conversation looks different.
      const input = createHash('sha256').update(params.images[0]!.bytes).digest('hex');
      return demoEvents(params, signal, options.delayMs, 'image_edit', `${params.prompt}\u0000${input}`);
    },
    async respond(body, signal) {
      return demoResponseEvents(body, signal, options.delayMs);
    },
  };
}

async function* demoEvents(
  params: Omit<GenerationParams, 'moderation'>,
  signal: AbortSignal,
  delayMs: number,
  kind: 'image_generation' | 'image_edit',
  seedText: string,
): AsyncGenerator<ProviderEvent> {
  const { width, height } = parseSize(params.size) ?? { width: 1024, height: 1024 };
  const size = `${width}x${height}`;
  const common = {
    created_at: Math.floor(Date.now() / 1000),
    size,
    quality: params.quality === 'auto' ? 'medium' : params.quality,
    background: 'opaque',
    output_format: 'png',
  };
  const wait = async () => {
    try {
      await sleep(delayMs, undefined, { signal });
    } catch {
      throw cancelledFailure();
    }
  };
  for (let index = 0; index < params.n; index++) {
    // The size is part of the seed: one prompt over frames of several aspects gives each its own colours.
    const seed = `${seedText}\u0000${size}\u0000${index}`;
    for (let p = 0; p < params.partial_images; p++) {
      await wait();
      const b64 = drawPlaceholder({ width, height, seed, prompt: params.prompt }, (p + 1) / (params.partial_images + 1)).toString('base64');
      yield { type: `${kind}.partial_image`, b64_json: b64, partial_image_index: p, ...common };
    }
    await wait();
    const b64 = drawPlaceholder({ width, height, seed, prompt: params.prompt }).toString('base64');
    yield { type: `${kind}.completed`, b64_json: b64, usage: FREE, ...common };
  }
}
