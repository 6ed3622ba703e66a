/**
 * Sections 1 and 2: what the backend adds to a streaming generation, against the same stream made directly with
 * the openai SDK, on the same loopback stand-in with a fixed latency; and the backend's memory with 200
 * concurrent 1536x1024 streams in flight.
 */
import OpenAI from 'openai';
import { median, spread, type Section } from './report';
import { sampleRss, startBackendProcess, startStandInProcess } from './processes';

const LATENCY_MS = 300;
const INTERVAL_MS = 100;

interface Timing {
  firstPartial: number;
  final: number;
}

async function stream(client: OpenAI, size: string, partials: number): Promise<Timing> {
  const started = performance.now();
  let firstPartial = NaN;
  let final = NaN;
  const s = await client.images.generate({ model: 'gpt-image-2', prompt: 'bench', size, quality: 'low', stream: true, partial_images: partials });
  for await (const event of s) {
    if (event.type === 'image_generation.partial_image' && Number.isNaN(firstPartial)) firstPartial = performance.now() - started;
    if (event.type === 'image_generation.completed') final = performance.now() - started;
  }
  return { firstPartial, final };
}

const round = (client: OpenAI, concurrency: number, size = '1024x1024', partials = 2) =>
  Promise.all(Array.from({ length: concurrency }, () => stream(client, size, partials)));

export async function overheadSection(): Promise<Section> {
  const standIn = await startStandInProcess({ latencyMs: LATENCY_MS, partialIntervalMs: INTERVAL_MS, validate: false, uniqueImages: false });
  const backend = await startBackendProcess({ OPENAI_API_KEY: standIn.apiKey, OPENAI_BASE_URL: standIn.baseURL, FIGMENT_MODERATION: 'off' });
  const direct = new OpenAI({ apiKey: standIn.apiKey, baseURL: standIn.baseURL, maxRetries: 0 });
  const through = new OpenAI({ apiKey: backend.token, baseURL: `${backend.url}/v1`, maxRetries: 0 });
  const rows: Section['rows'] = [];
  const data: Record<string, unknown> = {};
  try {
    await round(direct, 5);
    await round(through, 5);
    for (const [concurrency, rounds] of [
      [1, 30],
      [50, 4],
      [200, 2],
    ] as const) {
      const a: Timing[] = [];
      const b: Timing[] = [];
      // Alternate so that drift on the machine hits both sides alike.
      for (let r = 0; r < rounds; r++) {
        a.push(...(await round(direct, concurrency)));
        b.push(...(await round(through, concurrency)));
      }
      for (const key of ['firstPartial', 'final'] as const) {
        const da = a.map((t) => t[key]);
        const db = b.map((t) => t[key]);
        const ratio = median(db) / median(da);
        const added = median(db) - median(da);
        data[`c${concurrency}_${key}`] = { direct: da, backend: db, ratio, addedMs: added };
        rows.push({
          measure: `${concurrency} stream${concurrency > 1 ? 's' : ''}: time to ${key === 'final' ? 'final image' : 'first partial'}`,
          value: `direct ${spread(da, 1, ' ms')} · backend ${spread(db, 1, ' ms')} · ratio ${ratio.toFixed(3)}, +${added.toFixed(1)} ms`,
          goal: 'ratio ≤ 1.02 and ≤ +2 ms at the median',
          met: ratio <= 1.02 && added <= 2,
        });
      }
    }
  } finally {
    await backend.stop();
    await standIn.stop();
  }
  return {
    id: 1,
    title: `Backend overhead (stand-in latency ${LATENCY_MS} ms, events ${INTERVAL_MS} ms apart, 1024x1024)`,
    rows,
    data,
    notes: ['The client, the stand-in and the backend share the same two cores, so at high concurrency the backend competes with the load it relays.'],
  };
}

export async function memorySection(): Promise<Section> {
  const standIn = await startStandInProcess({ latencyMs: 2_000, partialIntervalMs: 1_000, validate: false, uniqueImages: false, realisticImages: true });
  const backend = await startBackendProcess({ OPENAI_API_KEY: standIn.apiKey, OPENAI_BASE_URL: standIn.baseURL, FIGMENT_MODERATION: 'off' });
  const client = new OpenAI({ apiKey: backend.token, baseURL: `${backend.url}/v1`, maxRetries: 0 });
  try {
    // Warm up (JIT, first image encodes in the stand-in), then settle.
    await round(client, 4, '1536x1024', 1);
    const before = await backend.memoryAfterGc();
    const sampler = sampleRss(backend.pid, 10);
    const direct = new OpenAI({ apiKey: standIn.apiKey, baseURL: standIn.baseURL, maxRetries: 0 });
    const probe = await direct.images.generate({ model: 'gpt-image-2', prompt: 'size probe', size: '1536x1024', quality: 'low' });
    const imageBytes = Buffer.from(probe.data![0]!.b64_json!, 'base64').length;
    await round(client, 200, '1536x1024', 1);
    const samples = sampler.stop();
    const peak = Math.max(...samples);
    // Let sockets close and file writes settle, then collect twice (the second pass frees what the first released).
    await new Promise((r) => setTimeout(r, 2_000));
    await backend.memoryAfterGc();
    await new Promise((r) => setTimeout(r, 500));
    const after = await backend.memoryAfterGc();
    // In flight at once: each stream's final image, as base64 (what crosses the backend).
    const inFlight = 200 * Math.ceil(imageBytes / 3) * 4;
    const growth = peak - before.rss;
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    return {
      id: 2,
      title: 'Backend memory (200 concurrent 1536x1024 streams, one partial each, photo-sized PNGs)',
      rows: [
        { measure: 'bytes in flight (200 final images as base64)', value: mb(inFlight), goal: '', met: null },
        { measure: 'RSS before / peak / after (after GC)', value: `${mb(before.rss)} / ${mb(peak)} / ${mb(after.rss)}`, goal: '', met: null },
        { measure: 'peak growth over baseline', value: `${mb(growth)} = ${(growth / inFlight).toFixed(2)}x the bytes in flight`, goal: '≤ 3x the bytes in flight', met: growth <= 3 * inFlight },
        {
          measure: 'heap after vs before (after GC)',
          value: `${mb(after.heapUsed)} vs ${mb(before.heapUsed)} (external ${mb(after.external)} vs ${mb(before.external)})`,
          goal: 'back to baseline (no leak)',
          met: after.heapUsed + after.external <= (before.heapUsed + before.external) * 1.1 + 5 * 1024 * 1024,
        },
      ],
      data: { before, after, peak, samples: samples.length, imageBytes, inFlight },
      notes: ['RSS after a burst stays above the baseline while V8 keeps its grown heap pages; the leak check compares live heap and external memory after a full GC.'],
    };
  } finally {
    await backend.stop();
    await standIn.stop();
  }
}
