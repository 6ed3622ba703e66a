/** The stand-in's Responses API: the image_generation tool, streamed with OpenAI's event sequence, or one Response. */
import { randomUUID } from 'node:crypto';
import { streamSSE } from 'hono/streaming';
import type { StandInContext } from './index';
import { outputTokens, sizeOf, standInPng } from './images';
import { responseObject, usageFor } from './payloads';
import type { ResolvedStandInOptions, StandInReply } from './types';

const RESPONSE_EVENT_SCHEMAS: Record<string, string> = {
  'response.created': 'ResponseCreatedEvent',
  'response.in_progress': 'ResponseInProgressEvent',
  'response.output_item.added': 'ResponseOutputItemAddedEvent',
  'response.image_generation_call.in_progress': 'ResponseImageGenCallInProgressEvent',
  'response.image_generation_call.generating': 'ResponseImageGenCallGeneratingEvent',
  'response.image_generation_call.partial_image': 'ResponseImageGenCallPartialImageEvent',
  'response.image_generation_call.completed': 'ResponseImageGenCallCompletedEvent',
  'response.output_item.done': 'ResponseOutputItemDoneEvent',
  'response.completed': 'ResponseCompletedEvent',
};

interface Helpers {
  check(schema: string, value: unknown, into: string[]): void;
  options(): ResolvedStandInOptions;
  wait(c: StandInContext, ms: number): Promise<void>;
}

export function respond(c: StandInContext, body: Record<string, unknown>, reply: StandInReply, h: Helpers): Response {
  const tool = ((body.tools as Array<Record<string, unknown>> | undefined) ?? []).find((t) => t.type === 'image_generation') ?? {};
  const { width, height } = sizeOf(tool.size as string | undefined);
  reply.size = `${width}x${height}`;
  const seed = h.options().uniqueImages ? `${JSON.stringify(body.input)}|${String(body.previous_response_id ?? '')}|${reply.requestIndex}` : 'shared';
  const id = `resp_${randomUUID().replaceAll('-', '')}`;
  const itemId = `ig_${randomUUID().replaceAll('-', '')}`;
  const model = String(body.model ?? 'gpt-5.5');
  const meta = {
    size: reply.size,
    quality: typeof tool.quality === 'string' && tool.quality !== 'auto' ? tool.quality : 'high',
    background: 'opaque',
    output_format: typeof tool.output_format === 'string' ? tool.output_format : 'png',
  };
  const finalPng = () => {
    const png = standInPng(width, height, seed, 1, h.options().realisticImages);
    reply.finals.push(png);
    return png.toString('base64');
  };
  const record = c.var.record;
  const imageUsage = usageFor(JSON.stringify(body.input ?? ''), outputTokens(meta.quality, width, height) + Number(tool.partial_images ?? 0) * 100);

  if (body.stream !== true) {
    const item = { type: 'image_generation_call', id: itemId, status: 'completed', result: finalPng() };
    const answer = responseObject(id, model, 'completed', [item], body, imageUsage);
    h.check('Response', answer, record.answerErrors);
    return c.json(answer);
  }

  return streamSSE(c, async (sse) => {
    let sequence = 0;
    const send = async (event: Record<string, unknown> & { type: string }) => {
      const full = { ...event, sequence_number: sequence++ };
      const schema = RESPONSE_EVENT_SCHEMAS[event.type];
      if (schema) h.check(schema, full, record.answerErrors);
      await sse.writeSSE({ event: event.type, data: JSON.stringify(full) });
    };
    const at = { output_index: 0, item_id: itemId };
    try {
      await send({ type: 'response.created', response: responseObject(id, model, 'in_progress', [], body) });
      await send({ type: 'response.in_progress', response: responseObject(id, model, 'in_progress', [], body) });
      await send({ type: 'response.output_item.added', output_index: 0, item: { type: 'image_generation_call', id: itemId, status: 'in_progress', result: null } });
      await send({ type: 'response.image_generation_call.in_progress', ...at });
      await send({ type: 'response.image_generation_call.generating', ...at });
      const partials = Number(tool.partial_images ?? 0);
      for (let p = 0; p < partials; p++) {
        await h.wait(c, h.options().partialIntervalMs);
        const png = standInPng(width, height, seed, (p + 1) / (partials + 1), h.options().realisticImages);
        reply.partials.push(png);
        await send({ type: 'response.image_generation_call.partial_image', ...at, partial_image_index: p, partial_image_b64: png.toString('base64'), ...meta });
      }
      await h.wait(c, h.options().partialIntervalMs);
      const item = { type: 'image_generation_call', id: itemId, status: 'completed', result: finalPng() };
      await send({ type: 'response.image_generation_call.completed', ...at });
      await send({ type: 'response.output_item.done', output_index: 0, item });
      await send({ type: 'response.completed', response: responseObject(id, model, 'completed', [item], body, imageUsage) });
    } finally {
      c.var.release();
    }
  });
}
