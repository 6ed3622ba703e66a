/**
 * The real provider: OpenAI's Images API (and the Responses image tool) through the official `openai` SDK, which
 * makes the requests and reports error statuses; retries with backoff for 429/5xx (honouring a capped
 * Retry-After, bounded in total, cancellable) are ./retry.ts's. Always streams upstream, so that each image is in
 * hand the moment it exists and a stalled call is noticed.
 */
import type OpenAI from 'openai';
import { toFile } from 'openai';
import type { BackendCapabilities } from '../../contract/api';
import type { Config } from '../config';
import { ApiFailure, failure } from '../http/errors';
import { IdleTimeoutError, withIdleTimeout } from './idle-timeout';
import { withRetries, type RetryPolicy, type WaitNotice } from './retry';
import { createTranslator } from './translator';
import { sseEvents } from './sse-frames';
import type { EditParams, GenerationParams, ImageProvider, ProviderEvent, StreamEvent, Upload } from './types';
import { cancelledFailure, upstreamFailure } from './upstream-errors';

type UpstreamConfig = Pick<Config, 'upstreamTimeoutMs' | 'upstreamIdleMs' | 'upstreamMaxRetries'> & {
  guards?: Pick<Config['guards'], 'upstreamTotalMs' | 'maxRetryAfterS'>;
};

/** Where requests go: OpenAI's one client, or Azure OpenAI's client per deployment (./azure.ts). */
export interface Upstream {
  kind: 'openai' | 'azure';
  /** The client that serves `model` (its own retries off: `withRetries` does them); throws an ApiFailure if none does. */
  clientFor(model: string): OpenAI;
  /** What this upstream lacks (`GET /v1/config`); the conversation engine is refused when it is unavailable. */
  capabilities?: BackendCapabilities;
}

/** The clients come from server.ts (`upstreamFor`). */
export function createOpenAIProvider(config: UpstreamConfig, upstream: Upstream): ImageProvider {
  const { kind, clientFor, capabilities } = upstream;

  const policy: RetryPolicy = {
    maxRetries: config.upstreamMaxRetries,
    attemptTimeoutMs: config.upstreamTimeoutMs,
    totalMs: config.guards?.upstreamTotalMs ?? 600_000,
    maxRetryAfterS: config.guards?.maxRetryAfterS ?? 30,
  };

  /**
   * Opens the upstream stream (retrying as `withRetries` bounds it; the SDK's own retries are off), watching it
   * for silence; upstream refusals reject here.
   */
  async function open<E extends StreamEvent>(
    signal: AbortSignal,
    call: (signal: AbortSignal, options: { signal: AbortSignal; timeout: number; maxRetries: 0 }) => Promise<AsyncIterable<unknown>>,
    onWait: WaitNotice | undefined,
    responses = false,
  ) {
    const idle = new AbortController();
    const combined = AbortSignal.any([signal, idle.signal]);
    try {
      const stream = (await withRetries((s, timeout) => call(s, { signal: s, timeout, maxRetries: 0 }), policy, combined, onWait)) as AsyncIterable<StreamEvent>;
      const keep = responses ? (t: string) => RELAYED_RESPONSE_EVENTS.test(t) : (t: string) => t.endsWith('.partial_image') || t.endsWith('.completed');
      return translate<E>(withIdleTimeout(stream, config.upstreamIdleMs, () => idle.abort()), signal, keep);
    } catch (error) {
      throw signal.aborted ? cancelledFailure() : upstreamFailure(error);
    }
  }

  return {
    kind,
    capabilities,
    ...(capabilities?.translationsUnavailable ? {} : { translate: createTranslator(clientFor, policy) }),
    respond(body, signal, onWait) {
      const unavailable = capabilities?.conversationUnavailable;
      if (unavailable) return Promise.reject(failure(400, 'invalid_request', unavailable));
      return open<StreamEvent>(
        signal,
        (_s, options) => clientFor(body.model).responses.create({ ...body, stream: true } as OpenAI.Responses.ResponseCreateParamsStreaming, options),
        onWait,
        true,
      );
    },
    // Images API streams are read as raw SSE (see sse-frames.ts) so each event's JSON text is relayed as it came;
    // the SDK still makes the request and reports error statuses; open() retries it and bounds each attempt.
    generate(params: GenerationParams, signal: AbortSignal, onWait?: WaitNotice) {
      return open<ProviderEvent>(signal, async (_s, options) => sseEvents(bodyOf(await clientFor(params.model).images.generate(generateBody(params), options).asResponse())), onWait);
    },
    edit({ images, mask, ...params }: EditParams, signal: AbortSignal, onWait?: WaitNotice) {
      return open<ProviderEvent>(signal, async (_s, options) => {
        const files = { image: await Promise.all(images.map(asFile)), ...(mask ? { mask: await asFile(mask) } : {}) };
        return sseEvents(bodyOf(await clientFor(params.model).images.edit(editBody(params, files), options).asResponse()));
      }, onWait);
    },
  };
}

/**
 * The one place Figment's typed params meet the SDK's types. `openai` 6.x predates GPT Image 2.5 and 2.6: its
 * `quality` lacks `xhigh` and `max` and it has no `complexity`. Its README ("Undocumented request params") says to
 * pass such params with `// @ts-expect-error`; the SDK sends them as they are. Our side stays typed
 * (GenerationParams: Quality, Complexity). Remove the directives once the SDK knows the fields (tsc will say so).
 */
function generateBody({ quality, complexity, ...params }: GenerationParams): OpenAI.Images.ImageGenerateParamsStreaming {
  return {
    ...params,
    stream: true,
    // @ts-expect-error quality xhigh/max and complexity (GPT Image 2.5/2.6) are newer than the SDK's types; undefined is not sent.
    quality, complexity,
  };
}

function editBody({ quality, complexity, ...params }: Omit<EditParams, 'images' | 'mask'>, files: Pick<OpenAI.Images.ImageEditParams, 'image' | 'mask'>): OpenAI.Images.ImageEditParamsStreaming {
  return {
    ...params,
    ...files,
    stream: true,
    // @ts-expect-error quality xhigh/max and complexity (GPT Image 2.5/2.6) are newer than the SDK's types; undefined is not sent.
    quality, complexity,
  };
}

/** Responses API events relayed to the plugin: the lifecycle, the image tool's progress, errors. */
const RELAYED_RESPONSE_EVENTS = /^(response\.(created|completed|failed|incomplete|output_item\.done|image_generation_call\.[a-z_]+)|error)$/;

/** A Responses API stream that ends in `response.failed` carries the reason in `response.error`. */
function responseFailure(event: StreamEvent): ApiFailure {
  const error = (event as { response?: { error?: { code?: string; message?: string } | null } }).response?.error;
  const message = error?.message ?? 'OpenAI could not complete the response.';
  if (error?.code && /moderation|content_policy|safety/.test(error.code)) {
    return new ApiFailure(400, { code: 'moderation_blocked', type: 'image_generation_user_error', message });
  }
  return failure(502, 'upstream_error', message);
}

function bodyOf(response: Response): ReadableStream<Uint8Array> {
  if (!response.body) throw failure(502, 'upstream_error', 'OpenAI answered without a body.');
  return response.body;
}

const asFile = (upload: Upload) => toFile(upload.bytes, upload.filename, { type: upload.type });

async function* translate<E extends StreamEvent>(events: AsyncIterable<StreamEvent>, signal: AbortSignal, keep: (type: string) => boolean): AsyncGenerator<E> {
  try {
    for await (const event of events) {
      if (event.type === 'response.failed') throw responseFailure(event);
      if (keep(event.type)) yield event as E;
    }
  } catch (error) {
    if (error instanceof IdleTimeoutError) {
      throw failure(504, 'upstream_timeout', `OpenAI stopped sending for ${Math.round(error.idleMs / 1000)} s; the job was ended.`);
    }
    throw signal.aborted ? cancelledFailure() : upstreamFailure(error);
  }
}
