/**
 * Runs one turn: a streamed generation per item, as many at once as the backend's rate limits allow (see
 * adaptive-limit.ts), partial images to the chat as they arrive, and each final image to the main thread.
 */
import type { CompletedImageEvent, GenerateImageRequest, ImageUsage } from '../contract/api';
import { sumUsage } from '../core/cost';
import { AdaptiveLimit, runAdaptive } from './adaptive-limit';
import type { UiToMain } from '../contract/messages';
import { modelId } from '../core/models';
import { parseSize } from '../core/sizing';
import type { BackendClient } from './api/client';
import { ApiErrorException, describeError } from './api/errors';
import { base64ToBytes } from './base64';
import type { ObjectUrls } from './object-urls';
import { pngSize } from '../core/png';
import type { TurnItem, Variant } from './state/turns';

/** How many generations start at once; the limit then adapts (AIMD) to the backend's 429s. */
export const CONCURRENCY = 4;
/** A rate-limited image is tried this many times before it is reported as failed. */
export const RATE_LIMIT_ATTEMPTS = 6;

type Attempt = { outcome: 'ok' | 'failed' | 'rate-limited'; retryAfterMs?: number; again?: boolean };
export const PARTIAL_IMAGES = 2;

export interface TurnDeps {
  client: BackendClient;
  prompt: string;
  signal: AbortSignal;
  urls: ObjectUrls;
  update(requestId: string, patch: Partial<TurnItem>): void;
  post(message: UiToMain): void;
}

/** The request for one item: its model, its exact prompt, size and quality, and 2.6's complexity when chosen. */
export function generationRequest(prompt: string, item: Pick<TurnItem, 'model' | 'size' | 'quality' | 'prompt' | 'n' | 'background' | 'complexity'>): GenerateImageRequest {
  return {
    model: modelId(item.model),
    prompt: item.prompt ?? prompt,
    size: item.size,
    quality: item.quality,
    ...(item.complexity ? { complexity: item.complexity } : {}),
    n: item.n ?? 1,
    stream: true,
    partial_images: PARTIAL_IMAGES,
    output_format: 'png',
    ...(item.background ? { background: item.background } : {}),
  };
}

function decode(item: TurnItem, event: CompletedImageEvent, deps: TurnDeps): Variant {
  const bytes = base64ToBytes(event.b64_json);
  const { width, height } = pngSize(bytes) ?? parseSize(event.size) ?? parseSize(item.size)!;
  return { url: deps.urls.create(bytes, event.output_format), bytes, width, height };
}

/** What `apply-image` says of an item's image: its request, its frame, and the version to record in the thread. */
export function applyMessage(item: TurnItem, image: Omit<Variant, 'url'>, prompt: string, requestId = item.requestId): UiToMain {
  const version = { model: modelId(item.model), size: item.size, quality: item.quality, engine: 'images' as const, ...(item.jobId ? { jobId: item.jobId } : {}) };
  return { type: 'apply-image', requestId, nodeId: item.targetId, bytes: image.bytes, width: image.width, height: image.height, prompt, version };
}

function finish(item: TurnItem, event: CompletedImageEvent, deps: TurnDeps, jobId?: string): void {
  const image = decode(item, event, deps);
  deps.update(item.requestId, { status: 'applying', finalUrl: image.url, usage: event.usage });
  deps.post(applyMessage({ ...item, ...(jobId ? { jobId } : {}) }, image, deps.prompt));
}

async function runItem(item: TurnItem, deps: TurnDeps, attempt: number): Promise<Attempt> {
  const { client, signal, update, urls } = deps;
  if (signal.aborted) {
    update(item.requestId, { status: 'stopped', message: 'Stopped before it started.' });
    return { outcome: 'failed' };
  }
  update(item.requestId, { status: 'generating' });
  let jobId: string | undefined;
  let partialUrl: string | undefined;
  let completed = false;
  // Several variations are compared in the chat, not previewed on the frame; none is applied until chosen.
  const variations = (item.n ?? 1) > 1;
  const variants: Variant[] = [];
  const usages: ImageUsage[] = [];
  try {
    const stream = await client.generateStream(generationRequest(deps.prompt, item), { signal });
    jobId = stream.jobId;
    if (jobId) update(item.requestId, { jobId });
    for await (const event of stream) {
      if (event.type === 'error') continue; // the client throws on these
      if (event.type.endsWith('.partial_image') && 'partial_image_index' in event) {
        const previous = partialUrl;
        const bytes = base64ToBytes(event.b64_json);
        partialUrl = urls.create(bytes, event.output_format);
        update(item.requestId, { partialUrl, partialIndex: event.partial_image_index });
        // The partial also shows on the frame itself, replaced by the final image (or undone if none comes).
        if (item.targetId && !variations) deps.post({ type: 'preview-image', requestId: item.requestId, nodeId: item.targetId, bytes });
        urls.revoke(previous);
      } else if ('usage' in event && variations) {
        variants.push(decode(item, event, deps));
        if (event.usage) usages.push(event.usage);
        completed = true;
        update(item.requestId, { variants: [...variants], usage: sumUsage(usages) });
      } else if ('usage' in event && !completed) {
        completed = true;
        finish(item, event, deps, jobId);
      }
    }
    if (variations && completed) {
      const short = variants.length < item.n! ? `OpenAI sent ${variants.length} of ${item.n} images.` : undefined;
      update(item.requestId, { status: 'choosing', ...(short ? { message: short } : {}) });
    }
    if (!completed) {
      if (partialUrl && item.targetId) deps.post({ type: 'preview-end', requestId: item.requestId });
      update(item.requestId, { status: 'failed', message: 'The stream ended before the image was finished.' });
    }
  } catch (error) {
    if (variations && completed) {
      const why = signal.aborted ? 'Stopped.' : describeError(error);
      update(item.requestId, { status: 'choosing', message: `${why} The images that arrived are here to choose from.` });
      return { outcome: 'ok' };
    }
    if (completed) return { outcome: 'ok' }; // the image is already in the chat and on its way to the canvas
    if (partialUrl && item.targetId) deps.post({ type: 'preview-end', requestId: item.requestId });
    if (signal.aborted) {
      if (jobId) void client.cancelJob(jobId);
      update(item.requestId, { status: 'stopped', message: 'Stopped.' });
      return { outcome: 'failed' };
    }
    if (error instanceof ApiErrorException && error.status === 429 && error.code === 'rate_limited' && attempt < RATE_LIMIT_ATTEMPTS) {
      const seconds = error.retryAfterSeconds ?? 1;
      update(item.requestId, { status: 'queued', message: `Rate limited; trying again in ${seconds} s.` });
      return { outcome: 'rate-limited', retryAfterMs: seconds * 1000, again: true };
    }
    update(item.requestId, { status: 'failed', message: describeError(error) });
    return { outcome: 'failed' };
  }
  if (completed && partialUrl) {
    update(item.requestId, { partialUrl: undefined });
    urls.revoke(partialUrl);
  }
  return { outcome: completed ? 'ok' : 'failed' };
}

/** Runs the items; `limit` is shared by every turn of a session so they adapt together. */
export function runTurn(items: readonly TurnItem[], deps: TurnDeps, limit = new AdaptiveLimit({ initial: CONCURRENCY })): Promise<void> {
  const attempts = new Map<string, number>();
  return runAdaptive(
    items,
    limit,
    (item) => {
      const attempt = (attempts.get(item.requestId) ?? 0) + 1;
      attempts.set(item.requestId, attempt);
      return runItem(item, deps, attempt);
    },
    deps.signal,
  );
}
