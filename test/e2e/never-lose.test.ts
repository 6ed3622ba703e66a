/**
 * Issue 5, never lose an image, in real Chromium through the Figma host emulator: a frame deleted and another
 * locked while their images stream in. Both images stay in the chat with a clear note, the locked frame gets its
 * own fills back (no half-finished preview left on it), and both images are in Recent, from where one goes onto
 * another frame byte for byte.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN, type TestBackend } from '../server/helpers';
import type { StandIn } from '../standin';
import { configurePlugin, type E2E } from './browser';
import { closeStack, startStack } from './stack';

let standIn: StandIn;
let backend: TestBackend;
let e2e: E2E;

const PLACEHOLDER = [{ type: 'SOLID', color: { r: 0.85, g: 0.85, b: 0.85 }, opacity: 1, visible: true }];

beforeAll(async () => ({ standIn, backend, e2e } = await startStack({ partialIntervalMs: 700 })));
afterAll(() => closeStack({ standIn, backend, e2e }));

describe('never lose an image', () => {
  it('keeps the images of a frame deleted and a frame locked mid-stream, in the chat and in Recent', async () => {
    const p = await e2e.open();
    const gone = await p.host.createFrame({ name: 'Deleted card', width: 400, height: 400, fills: PLACEHOLDER });
    const locked = await p.host.createFrame({ name: 'Locked card', width: 400, height: 400, x: 500, fills: PLACEHOLDER });
    await configurePlugin(p, backend.url, TOKEN);
    await p.host.select([gone, locked]);
    await p.ui.getByRole('region', { name: 'Targets' }).getByText('Locked card').waitFor();
    const prompt = p.ui.getByRole('textbox', { name: 'Prompt' });
    await prompt.fill('A ceramic mug on a wooden table');
    await prompt.press('Enter');

    // Both frames show a partial; then one is deleted and the other locked before the final images arrive.
    for (const id of [gone, locked]) await p.page.waitForFunction((n) => window.figmaHost.previewPending(n), id, { timeout: 10_000 });
    await p.host.removeNode(gone);
    await p.host.lockNode(locked, true);

    await p.ui.getByText('Frame was deleted — the image is kept here in the chat.').waitFor({ timeout: 20_000 });
    await p.ui.getByText('The layer is locked — the image is kept here in the chat.').waitFor({ timeout: 20_000 });
    await p.ui.getByRole('img', { name: 'Generated image for Deleted card' }).waitFor();
    await p.ui.getByRole('img', { name: 'Generated image for Locked card' }).waitFor();
    await p.page.waitForFunction((n) => !window.figmaHost.previewPending(n), locked);
    expect(await p.host.fillsOf(locked)).toEqual(PLACEHOLDER);

    // Recent has both paid-for images; one goes onto a fresh frame.
    const fresh = await p.host.createFrame({ name: 'Fresh card', width: 400, height: 400, x: 1000 });
    await p.host.select([fresh]);
    await p.ui.getByRole('button', { name: 'Recent' }).click();
    const list = p.ui.getByRole('list', { name: 'Recent images' });
    await expect.poll(() => list.getByRole('img').count(), { timeout: 10_000 }).toBe(2);
    await list.getByRole('button', { name: /^Apply the image from/ }).first().click();
    const hash = await p.imageFillOf(fresh);
    const applied = (await p.host.imageBytes(hash))!;
    const finals = standIn.replies.flatMap((r) => r.finals);
    expect(finals).toHaveLength(2);
    expect(finals.some((f) => applied.equals(f))).toBe(true);
    expect(p.errors).toEqual([]);
  });
});
