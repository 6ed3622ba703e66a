/**
 * Issue 2, end to end in real Chromium: the Figma host emulator runs the built plugin, the real backend relays to
 * the OpenAI stand-in. Fill Settings, select two frames of different aspect ratios, type a prompt, press Enter:
 * each frame ends with an IMAGE fill whose bytes are exactly the image the stand-in returned for a request sized
 * to that frame.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestSizeFor, defaultQualityFor } from '../../core/sizing';
import { TOKEN, type TestBackend } from '../server/helpers';
import type { StandIn } from '../standin';
import { configurePlugin, type E2E, type HostPage } from './browser';
import { closeStack, startStack } from './stack';

let standIn: StandIn;
let backend: TestBackend;
let e2e: E2E;

beforeAll(async () => ({ standIn, backend, e2e } = await startStack({ partialIntervalMs: 50 })));
afterAll(() => closeStack({ standIn, backend, e2e }));

const configure = (p: HostPage) => configurePlugin(p, backend.url, TOKEN);

describe('first light', () => {
  it('fills two selected frames, each with the image made for its own shape', async () => {
    const p = await e2e.open();
    const wide = await p.host.createFrame({ name: 'Hero banner', width: 1200, height: 600 });
    const tall = await p.host.createFrame({ name: 'Side panel', width: 300, height: 600, x: 1300 });
    await configure(p);
    await p.host.select([wide, tall]);
    await p.ui.getByRole('region', { name: 'Targets' }).getByText('Side panel').waitFor();

    const prompt = p.ui.getByRole('textbox', { name: 'Prompt' });
    await prompt.fill('A sunlit reading room with tall windows');
    await prompt.press('Enter');

    const hashes = { [wide]: await p.imageFillOf(wide), [tall]: await p.imageFillOf(tall) };
    const sizes = {
      [wide]: requestSizeFor('gpt-image-2', 1200, 600, defaultQualityFor(1200, 600)),
      [tall]: requestSizeFor('gpt-image-2', 300, 600, defaultQualityFor(300, 600)),
    };
    expect(sizes[wide]).not.toBe(sizes[tall]);

    const imageRequests = standIn.requests.filter((r) => r.path === '/v1/images/generations');
    expect(imageRequests).toHaveLength(2);
    for (const id of [wide, tall]) {
      const index = standIn.requests.findIndex((r) => r.path === '/v1/images/generations' && (r.json as { size: string }).size === sizes[id]);
      expect(index).toBeGreaterThanOrEqual(0);
      const sent = standIn.requests[index]!;
      expect(sent.requestErrors).toEqual([]);
      expect(sent.answerErrors).toEqual([]);
      expect(sent.json).toMatchObject({ model: 'gpt-image-2', prompt: 'A sunlit reading room with tall windows', stream: true });
      const reply = standIn.replies.find((r) => r.requestIndex === index)!;
      const bytes = await p.host.imageBytes(hashes[id]!);
      expect(bytes?.equals(Buffer.from(reply.finals[0]!))).toBe(true);
      const fill = (await p.host.fillsOf(id)).find((f) => f.type === 'IMAGE');
      expect(fill).toMatchObject({ scaleMode: 'FILL' });
    }
    expect(await p.host.undoCommits()).toBe(2);
    // Partial images were shown in the chat while the finals were on their way.
    expect(standIn.replies.every((r) => r.partials.length > 0)).toBe(true);
    await expect.poll(() => p.ui.getByRole('img', { name: /Generated image for Hero banner/ }).count()).toBe(1);
    expect(p.errors).toEqual([]);
  });

  it('runs its UI in a sandboxed iframe with origin "null", as Figma does', async () => {
    const p = await e2e.open();
    const iframe = p.page.locator('#plugin-ui');
    expect(await iframe.getAttribute('sandbox')).toBe('allow-scripts');
    const origin = await p.page.frames()[1]!.evaluate(() => self.origin);
    expect(origin).toBe('null');
  });

  it('with nothing selected, creates a new frame holding the image at the viewport centre', async () => {
    const p = await e2e.open();
    await configure(p);
    const prompt = p.ui.getByRole('textbox', { name: 'Prompt' });
    await prompt.fill('An isometric city block');
    await prompt.press('Enter');
    await p.page.waitForFunction(() => window.figmaHost.selection().length === 1, undefined, { timeout: 20_000 });
    const [created] = await p.host.selection();
    const hash = await p.imageFillOf(created!);
    expect(hash).toMatch(/^[0-9a-f]{40}$/);
    const info = await p.host.nodeInfo(created!);
    // Named after the prompt's subject (core/frame-name.ts), not the sentence.
    expect(info).toMatchObject({ type: 'FRAME', name: 'Isometric city block', width: 512, height: 512 });
  });
});
