/**
 * Issue 5, partial images on the canvas, in real Chromium through the Figma host emulator: while an image streams,
 * each partial is the frame's fill (a preview, no undo step of its own); the final image replaces it in one undo
 * step; a stopped or failed job puts the frame's own fills back.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TOKEN, type TestBackend } from '../server/helpers';
import type { StandIn } from '../standin';
import { configurePlugin, type E2E, type HostPage } from './browser';
import { closeStack, startStack } from './stack';

let standIn: StandIn;
let backend: TestBackend;
let e2e: E2E;

const PLACEHOLDER = [{ type: 'SOLID', color: { r: 0.85, g: 0.85, b: 0.85 }, opacity: 1, visible: true }];

// Partials arrive slowly enough to be seen on the canvas, and to press Stop between them.
beforeAll(async () => ({ standIn, backend, e2e } = await startStack({ partialIntervalMs: 700 })));
beforeEach(() => standIn.reset());
afterAll(() => closeStack({ standIn, backend, e2e }));

async function frameStreaming(p: HostPage, name: string) {
  const frame = await p.host.createFrame({ name, width: 600, height: 400, fills: PLACEHOLDER });
  await configurePlugin(p, backend.url, TOKEN);
  await p.host.select([frame]);
  await p.ui.getByRole('region', { name: 'Targets' }).getByText(name).waitFor();
  const prompt = p.ui.getByRole('textbox', { name: 'Prompt' });
  await prompt.fill('A quiet harbour at dawn');
  await prompt.press('Enter');
  await p.page.waitForFunction((id) => window.figmaHost.previewPending(id), frame, { timeout: 10_000 });
  return frame;
}

const imageHashOf = (fills: Array<Record<string, unknown>>) => fills.find((f) => f.type === 'IMAGE')?.imageHash as string | undefined;

describe('partial images on the canvas', () => {
  it('shows each partial as the frame fill, then the final image replaces it in one undo step', async () => {
    const p = await e2e.open();
    const undoBefore = await p.host.undoCommits();
    const frame = await frameStreaming(p, 'Harbour');

    const previewHash = imageHashOf(await p.host.fillsOf(frame));
    expect(previewHash).toBeDefined();
    const reply = standIn.replies[0]!;
    const previewBytes = await p.host.imageBytes(previewHash!);
    expect(reply.partials.some((png) => previewBytes!.equals(png))).toBe(true);
    expect(await p.host.undoCommits()).toBe(undoBefore); // a preview is not an undo step

    const finalHash = await p.imageFillOf(frame);
    expect((await p.host.imageBytes(finalHash))!.equals(Buffer.from(standIn.replies[0]!.finals[0]!))).toBe(true);
    // The final image took the placeholder's place: one fill, the image, and exactly one undo step.
    expect((await p.host.fillsOf(frame)).map((f) => f.type)).toEqual(['IMAGE']);
    expect(await p.host.undoCommits()).toBe(undoBefore + 1);
    expect(p.errors).toEqual([]);
  });

  it('Stop all puts the frame\'s own fills back', async () => {
    const p = await e2e.open();
    const frame = await frameStreaming(p, 'Stopped');
    expect(imageHashOf(await p.host.fillsOf(frame))).toBeDefined();

    await p.ui.getByRole('button', { name: 'Stop all (1 running)' }).click();
    await p.page.waitForFunction((id) => !window.figmaHost.previewPending(id), frame, { timeout: 10_000 });
    expect(await p.host.fillsOf(frame)).toEqual(PLACEHOLDER);
    expect(p.errors).toEqual([]);
  });

  it('a stream cut after its partials fails the frame and restores its fills; the image is not half-applied', async () => {
    // Both partials arrive (700 ms apart, so the preview is there to be seen), then the connection dies.
    standIn.setFaults({ cutStreamAfterPartials: 2 });
    const p = await e2e.open();
    const frame = await frameStreaming(p, 'Cut off');

    await p.ui.getByRole('region', { name: 'Targets' }).getByRole('button', { name: 'Retry Cut off' }).waitFor({ timeout: 20_000 });
    await p.page.waitForFunction((id) => !window.figmaHost.previewPending(id), frame, { timeout: 10_000 });
    expect(await p.host.fillsOf(frame)).toEqual(PLACEHOLDER);
  });
});
