/**
 * Issue 15 in Chromium through the Figma host emulator, the real backend and the OpenAI stand-in: (1) a wireframe
 * frame with children is exported at the request's size and sent as the edit's first image, and the result fills a
 * new frame of the same size beside it, clear of its neighbour; (3) an anchored batch of four sends the first
 * finished image's bytes, as the stand-in served them, with each of the other three.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anchoredPrompt, renderPrompt } from '../../core/prompt';
import { readThread } from '../../core/thread';
import { TOKEN, type TestBackend } from '../server/helpers';
import type { StandIn } from '../standin';
import { configurePlugin, type E2E } from './browser';
import { closeStack, startStack } from './stack';

let standIn: StandIn;
let backend: TestBackend;
let e2e: E2E;
beforeAll(async () => ({ standIn, backend, e2e } = await startStack({ partialIntervalMs: 250 })));
afterAll(() => closeStack({ standIn, backend, e2e }));

const edits = () => standIn.requestsTo('/v1/images/edits');
const generations = () => standIn.requestsTo('/v1/images/generations');
const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('images from the design itself', () => {
  it('(1) renders a wireframe: its export at the request size is Image 1, the result fills a new frame of its size beside it', async () => {
    standIn.reset();
    const p = await e2e.open();
    const wire = await p.host.createFrame({ name: 'Checkout', x: 0, y: 0, width: 400, height: 600, fills: [{ type: 'SOLID', color: { r: 1, g: 1, b: 1 } }] });
    await p.host.createNode('RECTANGLE', { name: 'Image box', x: 20, y: 20, width: 360, height: 200 }, wire);
    await p.host.createNode('TEXT', { name: 'Title', x: 20, y: 240, width: 200, height: 40, characters: 'Pay now' } as never, wire);
    const other = await p.host.createFrame({ name: 'Other', x: 460, y: 0, width: 200, height: 200 });
    await configurePlugin(p, backend.url, TOKEN);
    await p.host.select([wire]);
    await p.ui.getByRole('checkbox', { name: 'Render the frame as a wireframe' }).check();
    expect(await p.ui.getByRole('checkbox', { name: 'Replace the wireframe' }).isChecked()).toBe(false);
    await p.ui.getByRole('button', { name: /incl\. 1 input image/ }).waitFor();
    await p.ui.getByText(/^1 image · about \$[\d.]+ incl\. 1 input image/).waitFor();
    await p.sendPrompt('A polished checkout screen');

    const made = await p.page.waitForFunction(
      () => window.figmaHost.nodeIds().find((id) => window.figmaHost.nodeInfo(id).name === 'Checkout / mockup' && window.figmaHost.fillsOf(id).some((f) => f.type === 'IMAGE')) ?? false,
      undefined,
      { timeout: 20_000 },
    );
    const mockup = (await made.jsonValue()) as string;
    expect(edits()).toHaveLength(1);
    const sent = edits()[0]!;
    expect(sent.requestErrors).toEqual([]);
    const size = String(sent.form!.fields.size);
    const [width] = size.split('x').map(Number);
    const images = sent.form!.files.filter((f) => f.field.startsWith('image'));
    expect(images).toHaveLength(1);
    const exported = Buffer.from(await p.page.evaluate(([id, w]) => window.figmaHost.exportPng(id as string, w as number), [wire, width] as const), 'base64');
    expect(Buffer.from(images[0]!.bytes).equals(exported)).toBe(true);
    expect(String(sent.form!.fields.prompt).replace(/\r\n/g, '\n')).toBe(renderPrompt({ prompt: 'A polished checkout screen', name: 'Checkout', frameText: ['Pay now'] }));

    const info = await p.host.nodeInfo(mockup);
    expect([info.width, info.height, info.y]).toEqual([400, 600, 0]);
    expect(info.x).toBe(460 + 200 + 40);
    for (const id of [wire, other]) expect(overlaps(info, await p.host.nodeInfo(id))).toBe(false);
    const hash = await p.imageFillOf(mockup);
    expect((await p.host.imageBytes(hash))!.equals(Buffer.from(standIn.replyTo(sent).finals[0]!))).toBe(true);
    expect((await p.host.fillsOf(wire)).some((f) => f.type === 'IMAGE')).toBe(false);
    expect(await p.host.selection()).toEqual([mockup]);
    expect(readThread(await p.host.figmentData(mockup, 'thread')).versions).toMatchObject([{ id: 1, parent: null, source: wire, imageHash: hash }]);
  });

  it('(1) a render streams its partials into the new frame beside the wireframe, and the final image fills that same frame', async () => {
    standIn.reset();
    const p = await e2e.open();
    const wire = await p.host.createFrame({ name: 'Landing', x: 0, y: 0, width: 300, height: 200, fills: [{ type: 'SOLID', color: { r: 1, g: 1, b: 1 } }] });
    await p.host.createNode('RECTANGLE', { name: 'Hero box', x: 10, y: 10, width: 280, height: 120 }, wire);
    await configurePlugin(p, backend.url, TOKEN);
    await p.host.select([wire]);
    await p.ui.getByRole('checkbox', { name: 'Render the frame as a wireframe' }).check();
    await p.sendPrompt('A bright landing page');
    // The first picture the new frame shows, as soon as it is there.
    const first = await p.page.waitForFunction(
      () => {
        const id = window.figmaHost.nodeIds().find((n) => window.figmaHost.nodeInfo(n).name === 'Landing / mockup');
        const hash = id ? window.figmaHost.fillsOf(id).find((f) => f.type === 'IMAGE')?.imageHash : undefined;
        return id && hash ? { id, hash } : false;
      },
      undefined,
      { timeout: 20_000, polling: 20 },
    );
    const { id, hash } = (await first.jsonValue()) as { id: string; hash: string };
    // Then the final image: the host counts the frame's previews as pending until the final is placed there.
    const final = await p.imageFillOf(id);
    const reply = standIn.replyTo(edits()[0]!);
    expect((await p.host.imageBytes(final))!.equals(Buffer.from(reply.finals[0]!))).toBe(true);
    expect(reply.partials.length).toBeGreaterThan(0);
    const firstBytes = (await p.host.imageBytes(hash))!;
    expect(reply.partials.some((png) => firstBytes.equals(Buffer.from(png)))).toBe(true);
    // One frame beside the wireframe, previews and final alike.
    const mockups = (await p.page.evaluate(() => window.figmaHost.nodeIds().map((n) => window.figmaHost.nodeInfo(n).name))).filter((n) => n === 'Landing / mockup');
    expect(mockups).toHaveLength(1);
    expect((await p.host.fillsOf(id)).map((f) => f.type)).toEqual(['IMAGE']);
    expect(await p.host.selection()).toEqual([id]);
  });

  it('(3) an anchored batch of four sends the first finished image with each of the other three', async () => {
    standIn.reset();
    const p = await e2e.open();
    const ids: string[] = [];
    for (const name of ['A', 'B', 'C', 'D']) ids.push(await p.host.createFrame({ name, width: 300, height: 200, x: ids.length * 340 }));
    await configurePlugin(p, backend.url, TOKEN);
    await p.host.select(ids);
    await p.ui.getByRole('checkbox', { name: 'Same subject in every frame' }).check();
    expect(await p.ui.getByRole('combobox', { name: 'Anchor' }).inputValue()).toBe('');
    // The summary line and the list under it price the same runs.
    await p.ui.getByRole('button', { name: /incl\. 3 input images/ }).waitFor();
    await p.ui.getByText(/^4 images · about \$[\d.]+ incl\. 3 input images/).waitFor({ state: 'attached' }); // the list of four starts closed
    await p.sendPrompt('a red fox mascot');
    // The three others say they wait for the anchor while it is made.
    await expect.poll(() => p.ui.getByText('Waits for the anchor image (“A”) to finish.').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const hashes = await Promise.all(ids.map((id) => p.imageFillOf(id, 30_000)));

    expect(generations()).toHaveLength(1);
    const anchor = Buffer.from(standIn.replyTo(generations()[0]!).finals[0]!);
    expect((await p.host.imageBytes(hashes[0]!))!.equals(anchor)).toBe(true);
    expect(edits()).toHaveLength(3);
    for (const sent of edits()) {
      expect(sent.requestErrors).toEqual([]);
      const images = sent.form!.files.filter((f) => f.field.startsWith('image'));
      expect(images).toHaveLength(1);
      expect(Buffer.from(images[0]!.bytes).equals(anchor)).toBe(true);
      expect(String(sent.form!.fields.prompt).replace(/\r\n/g, '\n')).toBe(anchoredPrompt('a red fox mascot'));
    }
    // Each of the other frames shows its own edit's image.
    const finals = edits().map((r) => Buffer.from(standIn.replyTo(r).finals[0]!));
    for (const hash of hashes.slice(1)) {
      const bytes = (await p.host.imageBytes(hash))!;
      expect(finals.some((f) => f.equals(bytes))).toBe(true);
    }
  });
});
