/**
 * The demo provider's stand-in for the Responses API with the image_generation tool: the same event sequence
 * OpenAI streams, with placeholder images. The picture depends on the whole conversation so far (the previous
 * response id and any input images), so each turn visibly changes.
 */
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseSize } from '../../core/sizing';
import type { ResponsesBody } from '../params';
import { drawPlaceholder } from './placeholder-png';
import type { StreamEvent } from './types';
import { cancelledFailure } from './upstream-errors';

export async function* demoResponseEvents(body: ResponsesBody, signal: AbortSignal, delayMs: number): AsyncGenerator<StreamEvent> {
  const tool = body.tools[0];
  const { width, height } = parseSize(tool.size ?? 'auto') ?? { width: 1024, height: 1024 };
  const seed = createHash('sha256').update(JSON.stringify([body.previous_response_id ?? '', body.input])).digest('hex');
  // The caption shows this turn's words: the last message's text.
  const last = typeof body.input === 'string' ? body.input : body.input[body.input.length - 1]!.content;
  const prompt = typeof last === 'string' ? last : last.flatMap((p) => (p.type === 'input_text' ? [p.text] : [])).join(' ');
  const id = `resp_${randomUUID().replaceAll('-', '')}`;
  const itemId = `ig_${randomUUID().replaceAll('-', '')}`;
  const createdAt = Math.floor(Date.now() / 1000);
  const format = tool.output_format ?? 'png';
  const meta = { size: `${width}x${height}`, quality: tool.quality === 'auto' || !tool.quality ? 'medium' : tool.quality, background: 'opaque', output_format: format };
  let sequence = 0;
  const response = (status: string, output: unknown[]) => ({
    id,
    object: 'response',
    created_at: createdAt,
    status,
    model: body.model,
    output,
    previous_response_id: body.previous_response_id ?? null,
    tools: body.tools,
    usage: null,
  });
  const wait = async () => {
    try {
      await sleep(delayMs, undefined, { signal });
    } catch {
      throw cancelledFailure();
    }
  };
  const at = { output_index: 0, item_id: itemId };
  yield { type: 'response.created', sequence_number: sequence++, response: response('in_progress', []) } as StreamEvent;
  yield { type: 'response.image_generation_call.in_progress', ...at, sequence_number: sequence++ } as StreamEvent;
  yield { type: 'response.image_generation_call.generating', ...at, sequence_number: sequence++ } as StreamEvent;
  const partials = tool.partial_images ?? 0;
  for (let p = 0; p < partials; p++) {
    await wait();
    const b64 = drawPlaceholder({ width, height, seed, prompt }, (p + 1) / (partials + 1)).toString('base64');
    yield { type: 'response.image_generation_call.partial_image', ...at, sequence_number: sequence++, partial_image_index: p, partial_image_b64: b64, ...meta } as StreamEvent;
  }
  await wait();
  const item = { type: 'image_generation_call', id: itemId, status: 'completed', result: drawPlaceholder({ width, height, seed, prompt }).toString('base64'), ...meta };
  yield { type: 'response.image_generation_call.completed', ...at, sequence_number: sequence++ } as StreamEvent;
  yield { type: 'response.output_item.done', output_index: 0, sequence_number: sequence++, item } as StreamEvent;
  yield { type: 'response.completed', sequence_number: sequence++, response: response('completed', [item]) } as StreamEvent;
}
