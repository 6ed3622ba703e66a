/**
 * `npm run load`: hundreds of concurrent streaming jobs through the built backend against the OpenAI stand-in,
 * for a bounded time. Reports errors, the latency the backend adds (against the same streams made directly),
 * and the backend's memory before, during and after. Not part of `npm test`.
 *
 *   npm run load -- --concurrency 300 --seconds 30
 *   npm run load -- --only hostile      (uploads, slowloris, health at 30,000 jobs: hostile.ts)
 */
import OpenAI from 'openai';
import { parseArgs } from 'node:util';
import { median, quantile } from '../../bench/report';
import { rssOf, sampleRss, startBackendProcess, startStandInProcess } from '../../bench/processes';
import { healthAtScale, slowloris, uploadMemory } from './hostile';

const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '300' },
    seconds: { type: 'string', default: '30' },
    latency: { type: 'string', default: '400' },
    only: { type: 'string', default: 'all' },
  },
});
const concurrency = Number(values.concurrency);
const seconds = Number(values.seconds);
const latencyMs = Number(values.latency);

interface Outcome {
  ms: number;
  error?: string;
}

async function oneStream(client: OpenAI, i: number): Promise<Outcome> {
  const started = performance.now();
  try {
    const stream = await client.images.generate({
      model: 'gpt-image-2',
      prompt: `load ${i}`,
      size: '1024x1024',
      quality: 'low',
      stream: true,
      partial_images: 2,
    });
    let done = false;
    for await (const event of stream) if (event.type === 'image_generation.completed') done = true;
    if (!done) return { ms: performance.now() - started, error: 'no final image' };
    return { ms: performance.now() - started };
  } catch (error) {
    return { ms: performance.now() - started, error: error instanceof Error ? error.message.slice(0, 80) : String(error) };
  }
}

/** Keeps `concurrency` streams open until `seconds` have passed. */
async function drive(client: OpenAI, forSeconds: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const deadline = performance.now() + forSeconds * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) outcomes.push(await oneStream(client, n++));
    }),
  );
  return outcomes;
}

function summary(label: string, outcomes: Outcome[]): { p50: number; p95: number } {
  const ok = outcomes.filter((o) => !o.error).map((o) => o.ms);
  const errors = outcomes.filter((o) => o.error);
  const byMessage = new Map<string, number>();
  for (const e of errors) byMessage.set(e.error!, (byMessage.get(e.error!) ?? 0) + 1);
  const p50 = median(ok);
  const p95 = quantile(ok, 0.95);
  console.log(`${label}: ${outcomes.length} streams, ${errors.length} errors, time to final image p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`);
  for (const [message, count] of byMessage) console.log(`  ${count} x ${message}`);
  return { p50, p95 };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function streams(): Promise<void> {
  const standIn = await startStandInProcess({ latencyMs, partialIntervalMs: 100, validate: false, uniqueImages: false });
  const backend = await startBackendProcess({ OPENAI_API_KEY: standIn.apiKey, OPENAI_BASE_URL: standIn.baseURL, FIGMENT_MODERATION: 'off' });
  try {
    console.log(`load: ${concurrency} concurrent streams for ${seconds} s each way; stand-in latency ${latencyMs} ms + 3 events 100 ms apart`);
    const direct = summary('direct to the stand-in', await drive(new OpenAI({ apiKey: standIn.apiKey, baseURL: standIn.baseURL, maxRetries: 0 }), Math.min(10, seconds)));
    const before = rssOf(backend.pid);
    const sampler = sampleRss(backend.pid, 50);
    const through = summary('through the backend', await drive(new OpenAI({ apiKey: backend.token, baseURL: `${backend.url}/v1`, maxRetries: 0 }), seconds));
    const during = sampler.stop();
    await new Promise((r) => setTimeout(r, 3000));
    const after = rssOf(backend.pid);
    console.log(`latency added by the backend: p50 ${(through.p50 - direct.p50).toFixed(1)} ms, p95 ${(through.p95 - direct.p95).toFixed(1)} ms`);
    console.log(`backend memory: before ${mb(before)}, peak during ${mb(Math.max(...during))}, median during ${mb(median(during))}, after ${mb(after)}`);
  } finally {
    await backend.stop();
    await standIn.stop();
  }
}

if (values.only !== 'hostile') await streams();
if (values.only !== 'streams') {
  await uploadMemory();
  await slowloris();
  await healthAtScale();
}
