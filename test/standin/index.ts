/**
 * A loopback stand-in for OpenAI that speaks its wire format exactly (OpenAI's spec, as committed in
 * test/spec/openai-schemas.json and read by test/spec/openapi.ts): JSON
 * generations, multipart edits, SSE events, moderations, the Responses API image tool, and error bodies. It
 * records every request, checks requests and answers against the spec, and can be told to misbehave.
 */
import { serve, type HttpBindings } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { multipartToObject, validateAgainst } from '../spec/openapi';
import { outputTokens, sizeOf, standInPng } from './images';
import { completedEvent, imagesResponse, moderationResponse, openAIError, partialEvent, usageFor, type ImageMeta } from './payloads';
import { azureGate, deploymentOf } from './azure';
import { respond } from './responses';
import { formatOf, respondStructured } from './text-responses';
import type { RecordedRequest, StandIn, StandInFaults, ResolvedStandInOptions, StandInOptions, StandInReply } from './types';

export type * from './types';

type Env = { Bindings: HttpBindings; Variables: { record: RecordedRequest; release: () => void; streaming: boolean } };
export type StandInContext = Context<Env>;

const DEFAULT_KEY = 'test-upstream-key-0000';
const EVENT_SCHEMAS: Record<string, string> = {
  'image_generation.partial_image': 'ImageGenPartialImageEvent',
  'image_generation.completed': 'ImageGenCompletedEvent',
  'image_edit.partial_image': 'ImageEditPartialImageEvent',
  'image_edit.completed': 'ImageEditCompletedEvent',
};

export async function startOpenAIStandIn(initial: StandInOptions = {}): Promise<StandIn> {
  let options: ResolvedStandInOptions = {
    apiKey: DEFAULT_KEY,
    latencyMs: 0,
    partialIntervalMs: 0,
    maxConcurrent: Infinity,
    retryAfterSeconds: 1,
    validate: true,
    realisticImages: false,
    uniqueImages: true,
    ...initial,
  };
  let faults: StandInFaults = {};
  const requests: RecordedRequest[] = [];
  const replies: StandInReply[] = [];
  const counters = { inFlight: 0, maxInFlightSeen: 0, rateLimited: 0 };

  const check = (schema: string, value: unknown, into: string[]) => {
    if (options.validate) into.push(...validateAgainst(schema, value).map((e) => `${schema}: ${e}`));
  };
  const fail = (c: StandInContext, status: 400 | 401 | 429 | 500, body: ReturnType<typeof openAIError>, headers: Record<string, string> = {}) => {
    check('ErrorResponse', body, c.var.record.answerErrors);
    for (const [k, v] of Object.entries(headers)) c.header(k, v);
    return c.json(body, status);
  };
  const wait = async (c: StandInContext, ms: number) => {
    if (ms > 0) await sleep(ms, undefined, { signal: c.req.raw.signal }).catch(() => undefined);
  };

  const app = new Hono<Env>();
  /** Records and counts every request, then lets `refusal` (the route family's credentials and shape) refuse it. */
  const admit = (refusal: (c: StandInContext, headers: Record<string, string>) => Response | undefined) =>
    async (c: StandInContext, next: () => Promise<void>) => {
      const headers: Record<string, string> = {};
      c.req.raw.headers.forEach((v, k) => (headers[k] = v));
      const deployment = deploymentOf(c.req.path);
      const record: RecordedRequest = { method: c.req.method, path: c.req.path, query: c.req.query(), ...(deployment ? { deployment } : {}), headers, aborted: false, requestErrors: [], answerErrors: [] };
      requests.push(record);
      c.set('record', record);
      let released = false;
      counters.inFlight++;
      counters.maxInFlightSeen = Math.max(counters.maxInFlightSeen, counters.inFlight);
      c.set('release', () => {
        if (!released) counters.inFlight--;
        released = true;
      });
      c.set('streaming', false);
      c.req.raw.signal.addEventListener('abort', () => {
        if (!released) record.aborted = true;
        c.var.release();
      });
      try {
        const refused = faults.invalidKey ? fail(c, 401, openAIError('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key')) : refusal(c, headers);
        if (refused) return void (c.res = refused);
        if (counters.inFlight > options.maxConcurrent) {
          counters.rateLimited++;
          return void (c.res = fail(c, 429, openAIError('Rate limit reached for requests.', 'requests', 'rate_limit_exceeded'), { 'retry-after': String(options.retryAfterSeconds) }));
        }
        await next();
      } finally {
        if (!c.var.streaming) c.var.release();
      }
    };
  app.use(
    '/v1/*',
    admit((c, headers) =>
      headers.authorization === `Bearer ${options.apiKey}` ? undefined : fail(c, 401, openAIError('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key')),
    ),
  );
  app.use(
    '/openai/*',
    admit((c, headers) => azureGate(c, options, headers)),
  );

  /** Faults every image route honours before answering; returns a response when one applies. */
  const imageFaults = async (c: StandInContext): Promise<Response | undefined> => {
    if (faults.hang) {
      await new Promise<void>((resolve) => c.req.raw.signal.addEventListener('abort', () => resolve()));
      return c.body(null, 500);
    }
    if ((faults.status429 ?? 0) > 0) {
      faults.status429!--;
      counters.rateLimited++;
      return fail(c, 429, openAIError('Rate limit reached for images per minute.', 'requests', 'rate_limit_exceeded'), { 'retry-after': String(options.retryAfterSeconds) });
    }
    if ((faults.status5xx ?? 0) > 0) {
      faults.status5xx!--;
      return fail(c, 500, openAIError('The server had an error while processing your request.', 'server_error', null));
    }
    if (faults.moderationBlocked) {
      const body = openAIError('Your request was rejected by the safety system.', 'image_generation_user_error', 'moderation_blocked');
      return fail(c, 400, { error: { ...body.error, moderation_details: { moderation_stage: 'input', categories: ['violence'] } } } as ReturnType<typeof openAIError>);
    }
    return undefined;
  };

  const answerImages = async (c: StandInContext, kind: 'image_generation' | 'image_edit', body: Record<string, unknown>): Promise<Response> => {
    const record = c.var.record;
    const prompt = String(body.prompt ?? '');
    if (!prompt) return fail(c, 400, openAIError("Missing required parameter: 'prompt'.", 'invalid_request_error', 'missing_required_parameter', 'prompt'));
    const faulted = await imageFaults(c);
    if (faulted) return faulted;
    await wait(c, options.latencyMs);
    const { width, height } = sizeOf(body.size as string | undefined);
    const quality = typeof body.quality === 'string' && body.quality !== 'auto' ? body.quality : 'high';
    const meta: ImageMeta = {
      size: `${width}x${height}`,
      quality,
      background: body.background === 'transparent' ? 'transparent' : 'opaque',
      output_format: typeof body.output_format === 'string' ? body.output_format : 'png',
    };
    const n = Number(body.n ?? 1);
    const partialCount = Number(body.partial_images ?? 0);
    const reply: StandInReply = { requestIndex: requests.indexOf(record), finals: [], partials: [], size: meta.size };
    replies.push(reply);
    const seed = (i: number) => (options.uniqueImages ? `${prompt}|${meta.size}|${reply.requestIndex}|${i}` : 'shared');
    const usage = usageFor(prompt, outputTokens(quality, width, height) + partialCount * 100, kind === 'image_edit' ? 1000 : 0);
    const stream = body.stream === true || body.stream === 'true';
    if (!stream) {
      const finals = Array.from({ length: n }, (_, i) => standInPng(width, height, seed(i), 1, options.realisticImages));
      reply.finals.push(...finals);
      const answer = imagesResponse(finals.map((f) => f.toString('base64')), meta, usage);
      check('ImagesResponse', answer, record.answerErrors);
      return c.json(answer);
    }
    c.set('streaming', true);
    return streamSSE(c, async (sse) => {
      // What was written reaches the client; then the connection dies mid-stream.
      const cut = async () => {
        await sleep(30);
        c.env.incoming.socket.destroy();
      };
      const send = async (event: { type: string }) => {
        const schema = EVENT_SCHEMAS[event.type];
        if (schema) check(schema, event, record.answerErrors);
        await sse.writeSSE({ event: event.type, data: JSON.stringify(event) });
      };
      try {
        for (let i = 0; i < n; i++) {
          for (let p = 0; p < partialCount; p++) {
            if (faults.cutStreamAfterPartials !== undefined && p >= faults.cutStreamAfterPartials) return await cut();
            if (p > 0 || i > 0) await wait(c, options.partialIntervalMs);
            const png = standInPng(width, height, seed(i), (p + 1) / (partialCount + 1), options.realisticImages);
            reply.partials.push(png);
            await send(partialEvent(kind, png.toString('base64'), p, meta));
          }
          if (faults.malformedEvent) {
            await sse.write(`event: ${kind}.completed\ndata: {"type": "${kind}.completed", "b64_json": \n\n`);
            return;
          }
          if (faults.cutStreamAfterPartials !== undefined) return await cut();
          await wait(c, options.partialIntervalMs);
          const png = standInPng(width, height, seed(i), 1, options.realisticImages);
          reply.finals.push(png);
          await send(completedEvent(kind, png.toString('base64'), meta, usage));
        }
      } finally {
        c.var.release();
      }
    });
  };

  const generations = async (c: StandInContext) => {
    const body = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
    if (!body) return fail(c, 400, openAIError('We could not parse the JSON body of your request.', 'invalid_request_error', null));
    c.var.record.json = body;
    check('CreateImageRequest', body, c.var.record.requestErrors);
    return answerImages(c, 'image_generation', body);
  };

  const edits = async (c: StandInContext) => {
    const form = await c.req.formData().catch(() => null);
    if (!form) return fail(c, 400, openAIError('The body must be multipart/form-data.', 'invalid_request_error', null));
    const fields: Record<string, string | string[]> = {};
    const files: NonNullable<RecordedRequest['form']>['files'] = [];
    for (const [key, value] of form.entries()) {
      if (typeof value === 'string') {
        const prev = fields[key];
        fields[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
      } else {
        files.push({ field: key, filename: value.name, type: value.type, bytes: new Uint8Array(await value.arrayBuffer()) });
      }
    }
    c.var.record.form = { fields, files };
    const body = multipartToObject({ fields, files });
    check('CreateImageEditRequest', body, c.var.record.requestErrors);
    if (!files.some((f) => f.field === 'image' || f.field === 'image[]')) {
      return fail(c, 400, openAIError("Missing required parameter: 'image'.", 'invalid_request_error', 'missing_required_parameter', 'image'));
    }
    return answerImages(c, 'image_edit', body);
  };
  for (const prefix of ['/v1', '/openai/deployments/:deployment']) {
    app.post(`${prefix}/images/generations`, generations);
    app.post(`${prefix}/images/edits`, edits);
  }

  app.post('/v1/moderations', async (c) => {
    const body = (await c.req.json().catch(() => null)) as { input?: unknown; model?: string } | null;
    c.var.record.json = body;
    check('CreateModerationRequest', body, c.var.record.requestErrors);
    const text = JSON.stringify(body?.input ?? '').toLowerCase();
    const hit = (faults.flagModeration ?? []).some((w) => text.includes(w.toLowerCase()));
    const answer = moderationResponse(body?.model ?? 'omni-moderation-latest', hit ? ['violence'] : []);
    check('CreateModerationResponse', answer, c.var.record.answerErrors);
    return c.json(answer);
  });

  app.post('/v1/responses', async (c) => {
    const body = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
    if (!body) return fail(c, 400, openAIError('We could not parse the JSON body of your request.', 'invalid_request_error', null));
    c.var.record.json = body;
    check('CreateResponse', body, c.var.record.requestErrors);
    const faulted = await imageFaults(c);
    if (faulted) return faulted;
    await wait(c, options.latencyMs);
    const format = formatOf(body);
    if (format) return respondStructured(c, body, format, faults, check);
    const reply: StandInReply = { requestIndex: requests.indexOf(c.var.record), finals: [], partials: [], size: '' };
    replies.push(reply);
    if (body.stream === true) c.set('streaming', true);
    return respond(c, body, reply, { check, options: () => options, wait });
  });

  app.notFound((c) => c.json(openAIError(`Invalid URL (${c.req.method} ${c.req.path})`, 'invalid_request_error', null), 404));

  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    azureEndpoint: `http://127.0.0.1:${port}`,
    get apiKey() {
      return options.apiKey;
    },
    requests,
    replies,
    requestsTo: (path) => requests.filter((r) => r.path === path),
    replyTo(request) {
      const index = requests.indexOf(request);
      const reply = replies.find((r) => r.requestIndex === index);
      if (!reply) throw new Error(`the stand-in sent no reply to request ${index} (${request.path})`);
      return reply;
    },
    get inFlight() {
      return counters.inFlight;
    },
    get maxInFlightSeen() {
      return counters.maxInFlightSeen;
    },
    get rateLimited() {
      return counters.rateLimited;
    },
    setFaults(f) {
      faults = { ...f };
    },
    setOptions(o) {
      options = { ...options, ...o };
    },
    reset() {
      faults = {};
      requests.length = 0;
      replies.length = 0;
      counters.maxInFlightSeen = counters.inFlight;
      counters.rateLimited = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
