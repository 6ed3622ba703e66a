/**
 * Issue 19 item 6 in Chromium: the backend process dies (SIGKILL) while two frames stream. The header says Backend
 * unreachable (never Demo mode or Connected), the rows say so in capitalised sentences, and once the backend is
 * back (same port, same job store) each row says what the backend kept of its job, and one "Retry 2 failed" fills
 * both frames with their own new images, byte for byte.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngSize, TOKEN } from '../server/helpers';
import { startOpenAIStandIn, type StandIn } from '../standin';
import { configurePlugin, startE2E, type E2E } from './browser';

let standIn: StandIn;
let e2e: E2E;
const children: ChildProcess[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'figment-dies-'));

/** The built backend as a real process (so that it can die mid-job), relaying to the stand-in. */
async function startBackend(port: number): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['dist/server.mjs'], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      FIGMENT_ACCESS_TOKENS: `ana:${TOKEN}`,
      FIGMENT_DATA_DIR: dataDir,
      OPENAI_API_KEY: standIn.apiKey,
      OPENAI_BASE_URL: standIn.baseURL,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"(http:[^"]+)"/.exec(output);
      if (match && /Access tokens?[^\n]*\n/.test(output)) resolve(match[1]!);
    });
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', () => reject(new Error(`backend exited early:\n${output}`)));
  });
  return { child, url };
}

beforeAll(async () => {
  // Partials slow enough that both frames are mid-stream when the backend dies.
  standIn = await startOpenAIStandIn({ partialIntervalMs: 1500, uniqueImages: true });
  e2e = await startE2E();
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await e2e?.close();
  await standIn?.close();
});

describe('the backend dies mid-batch', () => {
  it('says Backend unreachable, what each job kept, and refills both frames with one Retry 2 failed', async () => {
    const first = await startBackend(0);
    const port = Number(new URL(first.url).port);
    const p = await e2e.open();
    const wide = await p.host.createFrame({ name: 'Wide banner', width: 600, height: 300 });
    const tall = await p.host.createFrame({ name: 'Tall poster', width: 300, height: 600, x: 700 });
    await configurePlugin(p, first.url, TOKEN);
    await p.host.select([wide, tall]);
    await p.ui.getByRole('region', { name: 'Targets' }).getByText('Tall poster').waitFor();
    await p.sendPrompt('A paper boat on a pond');
    for (const id of [wide, tall]) await p.page.waitForFunction((n) => window.figmaHost.previewPending(n), id, { timeout: 20_000 });

    first.child.kill('SIGKILL');
    const header = p.ui.locator('header.bar');
    const chat = p.ui.getByRole('list', { name: 'Chat' });
    // The client tries to resume each stream from its job for a while before the run is reported failed.
    await expect.poll(() => chat.getByText(/^Backend unreachable: /).count(), { timeout: 40_000 }).toBe(2);
    await header.getByText('Backend unreachable').waitFor({ timeout: 20_000 });
    expect(await header.getByText(/Demo mode|Connected/).count()).toBe(0);
    expect(await chat.getByText(/network error/i).count()).toBe(0);
    const batch = p.ui.getByRole('group', { name: 'Batch' });
    await batch.getByText('0 of 2 done · 2 failed').waitFor();
    // The frames get their own fills back: no half-finished preview stays.
    for (const id of [wide, tall]) await p.page.waitForFunction((n) => !window.figmaHost.previewPending(n), id, { timeout: 20_000 });

    // Back on the same port with the same job store: the jobs the crash interrupted are there, without images.
    await startBackend(port);
    // The header also re-checks on its own (a growing pause): on a loaded machine it may reconnect before the click,
    // and the Reconnect button is gone. Either way the header must say Connected.
    const connected = header.getByText(/^Connected/);
    await Promise.race([header.getByRole('button', { name: 'Reconnect' }).click().catch(() => undefined), connected.waitFor({ timeout: 20_000 })]);
    await connected.waitFor({ timeout: 20_000 });
    await expect.poll(() => chat.getByText('The backend kept this job but finished no image of it: Retry makes a new one.').count(), { timeout: 20_000 }).toBe(2);

    const before = standIn.replies.length;
    await batch.getByRole('button', { name: 'Retry 2 failed' }).click();
    for (const [id, width, height] of [
      [wide, 600, 300],
      [tall, 300, 600],
    ] as const) {
      const bytes = (await p.host.imageBytes(await p.imageFillOf(id, 30_000)))!;
      // The frame's own request's image (landscape for the banner, portrait for the poster), from the retry.
      const finals = standIn.replies.slice(before).flatMap((r) => r.finals);
      expect(finals.some((f) => Buffer.from(f).equals(bytes))).toBe(true);
      const size = pngSize(bytes);
      expect(Math.sign(size.width - size.height)).toBe(Math.sign(width - height));
    }
    await expect.poll(() => p.ui.getByRole('group', { name: 'Batch' }).count(), { timeout: 20_000 }).toBe(0);
    // The browser logs each refused or cut request while the backend is down; nothing else went wrong.
    expect(p.errors.filter((e) => !/^console: Failed to load resource: net::ERR_(CONNECTION_REFUSED|INCOMPLETE_CHUNKED_ENCODING)$/.test(e))).toEqual([]);
  }, 90_000); // The client resumes each stream for a while before it reports the run failed: ~25 s on a quiet machine.
});
