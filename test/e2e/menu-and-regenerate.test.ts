/**
 * Issue 19 in Chromium: the plugin menu's Regenerate command (figma.command 'regenerate', run through the host
 * emulator as Figma runs it) makes a new image for the selected filled frame in a hidden window; and in the
 * window, "New image" on a filled frame sends a generation (never an edit) that lands as the frame's next version,
 * with a notice offering Undo.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readThread } from '../../core/thread';
import type { StandIn } from '../standin';
import type { TestBackend } from '../server/helpers';
import type { E2E } from './browser';
import { closeStack, openOnFrame, startStack } from './stack';

let standIn: StandIn;
let backend: TestBackend;
let e2e: E2E;
beforeAll(async () => ({ standIn, backend, e2e } = await startStack()));
afterAll(() => closeStack({ standIn, backend, e2e }));

const paths = () => standIn.requests.map((r) => r.path).filter((p) => p.startsWith('/v1/images/'));
const lastGeneration = () => standIn.requests.filter((r) => r.path === '/v1/images/generations').at(-1)!;

describe('menu command and New image on a filled frame', () => {
  it('Regenerate from the menu fills the frame with a new image; New image in the window generates, not edits', async () => {
    standIn.reset();
    const { p, frame } = await openOnFrame(e2e, backend, { name: 'Hero', width: 400, height: 300 });
    await p.sendPrompt('a lighthouse at dusk');
    const first = await p.imageFillOf(frame, 20_000);
    expect(paths()).toEqual(['/v1/images/generations']);

    // The menu's Regenerate on the selected frame: a hidden window, the same prompt, a new image.
    await p.host.reopen('regenerate');
    const second = await p.nextImageFill(frame, first, 20_000);
    await p.page.waitForFunction(() => window.figmaHost.closed(), undefined, { timeout: 20_000 });
    expect(await p.page.evaluate(() => window.figmaHost.uiVisible())).toBe(false);
    expect(paths()).toEqual(['/v1/images/generations', '/v1/images/generations']);
    expect((lastGeneration().json as { prompt: string }).prompt).toBe('a lighthouse at dusk');
    const secondBytes = (await p.host.imageBytes(second))!;
    expect(secondBytes.equals((await p.host.imageBytes(first))!)).toBe(false);
    expect(secondBytes.equals(Buffer.from(standIn.replyTo(lastGeneration()).finals[0]!))).toBe(true);
    expect((await p.host.notifications()).slice(-2)).toEqual([{ message: 'Figment is regenerating “Hero”…', button: 'Cancel' }, { message: 'Figment filled 1 frame.' }]);
    expect(readThread(await p.host.figmentData(frame, 'thread')).versions.map((v) => v.parent)).toEqual([null, 1]);

    // The window again, on the filled frame: New image sends a generation for it, which becomes v3.
    await p.host.reopen();
    await p.host.select([frame]);
    const mode = p.ui.getByRole('radiogroup', { name: 'What the prompt does' });
    // The segmented control draws the label; the radio inside it is the accessible control.
    await mode.getByText('New image').click({ timeout: 20_000 });
    await expect.poll(() => mode.getByRole('radio', { name: 'New image' }).isChecked(), { timeout: 20_000 }).toBe(true);
    await p.sendPrompt('a lighthouse in a storm');
    const third = await p.nextImageFill(frame, second, 20_000);
    expect(paths()).toEqual(['/v1/images/generations', '/v1/images/generations', '/v1/images/generations']);
    expect((lastGeneration().json as { prompt: string }).prompt).toContain('a lighthouse in a storm');
    expect((await p.host.imageBytes(third))!.equals(Buffer.from(standIn.replyTo(lastGeneration()).finals[0]!))).toBe(true);
    const thread = readThread(await p.host.figmentData(frame, 'thread'));
    expect([thread.current, thread.versions.at(-1)!.prompt]).toEqual([3, 'a lighthouse in a storm']);
    await expect.poll(async () => (await p.host.notifications()).at(-1), { timeout: 20_000 }).toEqual({ message: 'Placed on “Hero”.', button: 'Undo' });
    expect(p.errors).toEqual([]);
  });
});
