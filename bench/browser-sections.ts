/**
 * Sections 3, 4 (time to interactive) and 5, measured in Chromium through the Figma host emulator.
 */
import * as esbuild from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestBackend, TOKEN } from '../test/server/helpers';
import { configurePlugin, startE2E, type ExtraRoutes, type HostPage } from '../test/e2e/browser';
import { standInPng } from '../test/standin/images';
import { startOpenAIStandIn } from '../test/standin';
import { median, spread, type Row, type Section } from './report';

const here = dirname(fileURLToPath(import.meta.url));
const SIZES = [
  [1024, 1024],
  [1536, 1024],
  [2560, 1440],
] as const;

interface HostTimeline {
  origin: number;
  events: Array<{ at: number; what: string }>;
}
const timelineOf = (p: HostPage) => p.page.evaluate(() => (window.figmaHost as unknown as { timeline(): HostTimeline }).timeline());

async function canvasUiHtml(): Promise<string> {
  const built = await esbuild.build({ entryPoints: [join(here, 'canvas-ui.ts')], bundle: true, write: false, format: 'iife', target: 'es2020', minify: true });
  return `<!doctype html><html><body><script>${built.outputFiles[0]!.text}</script></body></html>`;
}

export async function canvasSection(): Promise<Section> {
  const routes: ExtraRoutes = { '/bench/ui.html': { type: 'text/html', body: await canvasUiHtml() } };
  for (const [w, h] of SIZES) routes[`/bench/${w}x${h}.b64`] = { type: 'text/plain', body: standInPng(w, h, 'canvas', 1, true).toString('base64') };
  const e2e = await startE2E(routes);
  const rows: Row[] = [];
  const data: Record<string, unknown> = {};
  try {
    const p = await e2e.open({ uiPath: '/bench/ui.html' });
    const frame = await p.host.createFrame({ name: 'Target', width: 600, height: 400 });
    await p.host.select([frame]);
    const ui = p.page.frames()[1]!;
    for (const [w, h] of SIZES) {
      const path = `/bench/${w}x${h}.b64`;
      await ui.evaluate(([pth]) => (window as unknown as { runBench(p: string, n: number): Promise<unknown> }).runBench(pth!, 3), [path]);
      const timings = (await ui.evaluate(([pth]) => (window as unknown as { runBench(p: string, n: number): Promise<unknown> }).runBench(pth!, 15), [path])) as Array<{
        requestId: string;
        arrived: number;
        decoded: number;
        answered: number;
      }>;
      const tl = await timelineOf(p);
      const at = (what: string) => tl.origin + tl.events.find((e) => e.what === what)!.at;
      const decode = timings.map((t) => t.decoded - t.arrived);
      const transfer = timings.map((t) => at(`apply-image:${t.requestId}`) - t.decoded);
      const create = timings.map((t) => at(`applied:${t.requestId}`) - at(`apply-image:${t.requestId}`));
      const total = timings.map((t) => at(`applied:${t.requestId}`) - t.arrived);
      data[`${w}x${h}`] = { decode, transfer, create, total, pngBytes: (routes[path]!.body.length * 3) / 4 };
      const share = (xs: number[]) => `${((median(xs) / median(total)) * 100).toFixed(0)}%`;
      rows.push({
        measure: `${w}x${h} PNG (${(((routes[path]!.body.length * 3) / 4) / 1024 / 1024).toFixed(1)} MB)`,
        value: `${spread(total, 1, ' ms')}: decode ${share(decode)}, transfer ${share(transfer)}, create+fill ${share(create)}`,
        goal: w === 1536 ? '< 30 ms at the median' : '',
        met: w === 1536 ? median(total) < 30 : null,
      });
    }
  } finally {
    await e2e.close();
  }
  return {
    id: 3,
    title: 'Image to canvas (final image in the UI → fill set on the node, Chromium, host emulator)',
    rows,
    data,
    notes: ['"create+fill" runs the fake figma in the host page; in Figma the image store is native, so that share is the emulator’s, not Figma’s.'],
  };
}

export async function timeToInteractive(): Promise<Row> {
  const e2e = await startE2E();
  const samples: number[] = [];
  try {
    for (let i = 0; i < 12; i++) {
      const p = await e2e.open();
      await p.page.waitForFunction(() => (window.figmaHost as unknown as { timeline(): HostTimeline }).timeline().events.some((e) => e.what === 'ready'));
      const tl = await timelineOf(p);
      const at = (what: string) => tl.events.find((e) => e.what === what)!.at;
      samples.push(at('ready') - at('showUI'));
      await p.page.context().close();
    }
  } finally {
    await e2e.close();
  }
  return { measure: 'UI interactive after showUI (ready message received)', value: spread(samples.slice(2), 1, ' ms'), goal: '≤ 150 ms', met: median(samples.slice(2)) <= 150 };
}

export async function batchSection(): Promise<Section> {
  const L = 2_000;
  const k = 4;
  const frames = 24;
  const standIn = await startOpenAIStandIn({ latencyMs: L, maxConcurrent: k, retryAfterSeconds: 1, validate: false, uniqueImages: false });
  const backend = await startTestBackend({
    env: { OPENAI_API_KEY: standIn.apiKey, OPENAI_BASE_URL: standIn.baseURL, FIGMENT_MODERATION: 'off', FIGMENT_RATE_LIMIT_RPM: '100000' },
  });
  const e2e = await startE2E();
  try {
    const p = await e2e.open();
    const ids: string[] = [];
    for (let i = 0; i < frames; i++) ids.push(await p.host.createFrame({ name: `Card ${i + 1}`, width: 320, height: 200, x: (i % 6) * 340, y: Math.floor(i / 6) * 220 }));
    await configurePlugin(p, backend.url, TOKEN);
    await p.host.select(ids);
    const prompt = p.ui.getByRole('textbox', { name: 'Prompt' });
    await prompt.fill('A product card photo');
    const started = performance.now();
    await prompt.press('Enter');
    await p.page.waitForFunction((all) => all.every((id) => window.figmaHost.fillsOf(id).some((f) => f.type === 'IMAGE')), ids, { timeout: 300_000, polling: 50 });
    const wall = performance.now() - started;
    const ideal = Math.ceil(frames / k) * L;
    const failed = await p.ui.getByText(/Failed/).count();
    return {
      id: 5,
      title: `Batch throughput (${frames} frames, stand-in allows k = ${k} at once with latency L = ${L} ms, 429 + Retry-After beyond)`,
      rows: [
        { measure: 'wall time vs ideal ceil(24/k) x L', value: `${(wall / 1000).toFixed(1)} s vs ${(ideal / 1000).toFixed(1)} s = ${(wall / ideal).toFixed(2)}x`, goal: '≤ 1.10x of ideal', met: wall / ideal <= 1.1 },
        { measure: '429s answered by the stand-in / frames failed', value: `${standIn.rateLimited} / ${failed}`, goal: 'no failed frame', met: failed === 0 },
      ],
      data: { wallMs: wall, idealMs: ideal, rateLimited: standIn.rateLimited, failed },
    };
  } finally {
    await e2e.close();
    await backend.close(1000);
    await standIn.close();
  }
}
