/**
 * One prompt sent to every target: plans a request per target (size and quality from the frame), runs them
 * with bounded concurrency, streams partials to the chat and hands each final image to the main thread.
 */
import type { GenerateImageRequest, ImageUsage } from '../contract/api';
import type { Target, UiToMain } from '../contract/messages';
import { defaultQualityFor, requestSizeFor, type Quality } from '../core/sizing';
import type { BackendClient } from './api/client';
import { base64ToBytes, mimeOf, pngSize } from './lib/bytes';
import { runPool } from './lib/pool';

export const CONCURRENCY = 3;
export const PARTIAL_IMAGES = 2;
/** With nothing selected, a square image goes into a new frame. */
export const NEW_FRAME: Pick<Target, 'width' | 'height'> = { width: 1024, height: 1024 };

export type ItemStatus = 'queued' | 'generating' | 'applying' | 'done' | 'failed' | 'stopped';

export interface TurnItem {
  requestId: string;
  targetId: string | null;
  targetName: string;
  size: string;
  quality: Exclude<Quality, 'auto'>;
  status: ItemStatus;
  jobId?: string;
  partialUrl?: string;
  partialIndex?: number;
  finalUrl?: string;
  usage?: ImageUsage;
  /** Why it failed, or a note (e.g. the frame was deleted but the image is kept). */
  message?: string;
}

let counter = 0;
const nextRequestId = () => `req-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export function planTurn(targets: readonly Target[], model: string): TurnItem[] {
  const list = targets.length > 0 ? targets : [{ id: null, name: 'New frame', ...NEW_FRAME }];
  return list.map((t) => {
    const quality = defaultQualityFor(t.width, t.height);
    return {
      requestId: nextRequestId(),
      targetId: t.id,
      targetName: t.name,
      size: requestSizeFor(model, t.width, t.height, quality),
      quality,
      status: 'queued',
    };
  });
}

export interface TurnDeps {
  client: BackendClient;
  model: string;
  prompt: string;
  signal: AbortSignal;
  update(requestId: string, patch: Partial<TurnItem>): void;
  post(message: UiToMain): void;
  describe(error: unknown): string;
}

const blobUrl = (bytes: Uint8Array, format: string) => URL.createObjectURL(new Blob([bytes as BlobPart], { type: mimeOf(format) }));

async function runItem(item: TurnItem, deps: TurnDeps): Promise<void> {
  const { client, model, prompt, signal, update } = deps;
  if (signal.aborted) return update(item.requestId, { status: 'stopped', message: 'Stopped before it started.' });
  update(item.requestId, { status: 'generating' });
  const request: GenerateImageRequest = {
    model,
    prompt,
    size: item.size,
    quality: item.quality,
    n: 1,
    output_format: 'png',
    partial_images: PARTIAL_IMAGES,
  };
  let jobId: string | undefined;
  try {
    const stream = await client.generate(request, signal);
    jobId = stream.jobId;
    if (jobId) update(item.requestId, { jobId });
    for await (const event of stream.events) {
      if (event.type === 'error') continue;
      const bytes = base64ToBytes(event.b64_json);
      if (event.type.endsWith('.partial_image') && 'partial_image_index' in event) {
        update(item.requestId, { partialUrl: blobUrl(bytes, event.output_format), partialIndex: event.partial_image_index });
        continue;
      }
      const { width, height } = pngSize(bytes) ?? sizeOf(event.size);
      update(item.requestId, {
        status: 'applying',
        finalUrl: blobUrl(bytes, event.output_format),
        ...('usage' in event ? { usage: event.usage } : {}),
      });
      deps.post({ type: 'apply-image', requestId: item.requestId, nodeId: item.targetId, bytes, width, height, prompt });
    }
  } catch (error) {
    if (signal.aborted) {
      if (jobId) void client.cancelJob(jobId);
      update(item.requestId, { status: 'stopped', message: 'Stopped.' });
    } else {
      update(item.requestId, { status: 'failed', message: deps.describe(error) });
    }
  }
}

function sizeOf(size: string): { width: number; height: number } {
  const [w, h] = size.split('x').map(Number);
  return { width: w || 1024, height: h || 1024 };
}

export function runTurn(items: readonly TurnItem[], deps: TurnDeps): Promise<void> {
  return runPool(items, CONCURRENCY, (item) => runItem(item, deps));
}
