/** Shared fixtures for the UI tests: real PNG bytes, SSE bodies cut at awkward places, a fake main thread. */
import { PNG } from 'pngjs';
import type { CompletedImageEvent, PartialImageEvent } from '../../contract/api';
import type { MainToUi } from '../../contract/messages';
import type { Run } from '../../ui/run/run';

export function pngBytes(width: number, height: number, seed = 0): Uint8Array {
  const png = new PNG({ width, height });
  for (let i = 0; i < png.data.length; i++) png.data[i] = (i * 7 + seed) & 0xff;
  return new Uint8Array(PNG.sync.write(png));
}

export const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

export function partialEvent(bytes: Uint8Array, index: number, size: string): PartialImageEvent {
  return {
    type: 'image_generation.partial_image',
    b64_json: toBase64(bytes),
    partial_image_index: index,
    created_at: 1_700_000_000,
    size,
    quality: 'high',
    background: 'opaque',
    output_format: 'png',
  };
}

export function completedEvent(bytes: Uint8Array, size: string): CompletedImageEvent {
  return {
    type: 'image_generation.completed',
    b64_json: toBase64(bytes),
    created_at: 1_700_000_001,
    size,
    quality: 'high',
    background: 'opaque',
    output_format: 'png',
    usage: { input_tokens: 12, output_tokens: 1756, total_tokens: 1768, input_tokens_details: { text_tokens: 12, image_tokens: 0 } },
  };
}

/** One SSE message as the backend writes it (hono's writeSSE: `event:` then `data:`). */
export const sse = (event: { type: string }) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;

/** Cuts `text` into chunks of the given sizes (the rest in one last chunk), as bytes. */
export function chunked(text: string, sizes: readonly number[]): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const chunks: Uint8Array[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= bytes.length) break;
    chunks.push(bytes.slice(at, at + size));
    at += size;
  }
  if (at < bytes.length) chunks.push(bytes.slice(at));
  return chunks;
}

export function streamOf(chunks: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(chunks[i++]!);
      else controller.close();
    },
  });
}

export function sseResponse(chunks: readonly Uint8Array[], headers: Record<string, string> = {}): Response {
  return new Response(streamOf(chunks), { status: 200, headers: { 'content-type': 'text/event-stream', ...headers } });
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** Delivers a main-thread message to the iframe the way Figma does. */
export function fromMain(message: MainToUi): void {
  window.dispatchEvent(new MessageEvent('message', { data: { pluginMessage: message } }));
}

/** A generation run for one frame (done unless `patch` says otherwise), as the planner would make it. */
export function runFixture(id: string, patch: Partial<Run> = {}): Run {
  return {
    id,
    kind: 'generate',
    turnId: patch.turnId ?? id,
    prompt: 'p',
    sent: 'p',
    model: 'gpt-image-2',
    targetId: id,
    targetName: `Frame ${id}`,
    size: '1024x1024',
    quality: 'medium',
    n: 1,
    request: { route: 'generations', body: { prompt: 'p', model: 'gpt-image-2', size: '1024x1024', quality: 'medium', n: 1 } },
    status: 'done',
    images: [],
    ...patch,
  };
}
