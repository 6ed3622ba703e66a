/**
 * The real provider: OpenAI's Images API through the official `openai` SDK, which brings retries with
 * backoff for 429/5xx (honouring Retry-After), timeouts and SSE parsing. Always streams upstream, so that each
 * image is in hand the moment it exists and a stalled call is noticed.
 */
import OpenAI, { toFile } from 'openai';
import type { Config } from '../config';
import { failure } from '../http/errors';
import { IdleTimeoutError, withIdleTimeout } from './idle-timeout';
import type { EditParams, GenerationParams, ImageProvider, ProviderEvent, Upload } from './types';
import { cancelledFailure, upstreamFailure } from './upstream-errors';

type UpstreamConfig = Pick<Config, 'openaiApiKey' | 'openaiBaseUrl' | 'upstreamTimeoutMs' | 'upstreamIdleMs' | 'upstreamMaxRetries'>;

export function createOpenAIProvider(config: UpstreamConfig, client?: OpenAI): ImageProvider {
  const openai =
    client ??
    new OpenAI({
      apiKey: config.openaiApiKey,
      baseURL: config.openaiBaseUrl,
      timeout: config.upstreamTimeoutMs,
      maxRetries: config.upstreamMaxRetries,
    });

  /** Opens the upstream stream, watching it for silence; upstream refusals reject here. */
  async function open(signal: AbortSignal, call: (signal: AbortSignal) => Promise<AsyncIterable<unknown>>) {
    const idle = new AbortController();
    const combined = AbortSignal.any([signal, idle.signal]);
    try {
      const stream = (await call(combined)) as AsyncIterable<ProviderEvent>;
      return translate(withIdleTimeout(stream, config.upstreamIdleMs, () => idle.abort()), signal);
    } catch (error) {
      throw signal.aborted ? cancelledFailure() : upstreamFailure(error);
    }
  }

  return {
    kind: 'openai',
    generate(params: GenerationParams, signal: AbortSignal) {
      return open(signal, (s) => openai.images.generate({ ...params, stream: true }, { signal: s }));
    },
    edit({ images, mask, ...params }: EditParams, signal: AbortSignal) {
      return open(signal, async (s) =>
        openai.images.edit(
          {
            ...params,
            image: await Promise.all(images.map(asFile)),
            ...(mask ? { mask: await asFile(mask) } : {}),
            stream: true,
          },
          { signal: s },
        ),
      );
    },
  };
}

const asFile = (upload: Upload) => toFile(upload.bytes, upload.filename, { type: upload.type });

async function* translate(events: AsyncIterable<ProviderEvent>, signal: AbortSignal): AsyncGenerator<ProviderEvent> {
  try {
    for await (const event of events) {
      if (event.type.endsWith('.partial_image') || event.type.endsWith('.completed')) yield event;
    }
  } catch (error) {
    if (error instanceof IdleTimeoutError) {
      throw failure(504, 'upstream_timeout', `OpenAI stopped sending for ${Math.round(error.idleMs / 1000)} s; the job was ended.`);
    }
    throw signal.aborted ? cancelledFailure() : upstreamFailure(error);
  }
}
