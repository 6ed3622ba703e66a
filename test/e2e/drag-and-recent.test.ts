/**
 * Drag to apply in Chromium through the host emulator: a chat image dragged out of the plugin window and dropped on
 * another frame (the UI's pluginDrop, Figma's drop event with the frame under the point) fills that frame with the
 * image's exact bytes, versioned with its prompt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN, type TestBackend } from '../server/helpers';
import type { StandIn } from '../standin';
import { configurePlugin, type E2E } from './browser';
import { closeStack, startStack } from './stack';

let standIn: StandIn;
let backend: TestBackend;
let e2e: E2E;
beforeAll(async () => ({ standIn, backend, e2e } = await startStack()));
afterAll(() => closeStack({ standIn, backend, e2e }));

describe('drag to apply', () => {
  it('drops a chat image onto a second frame, which then shows the same image', async () => {
    const p = await e2e.open();
    const hero = await p.host.createFrame({ name: 'Hero', width: 400, height: 400 });
    await configurePlugin(p, backend.url, TOKEN);
    await p.host.select([hero]);
    const prompt = p.ui.getByRole('textbox', { name: 'Prompt' });
    await prompt.fill('a lighthouse at dusk');
    await prompt.press('Enter');
    const heroHash = await p.imageFillOf(hero);
    const image = (await p.host.imageBytes(heroHash))!;
    expect(standIn.replies.flatMap((r) => r.finals).some((f) => image.equals(f))).toBe(true);

    // A second frame on the canvas, clear of the plugin window (this host page is the canvas at zoom 1).
    const win = (await p.page.evaluate(() => window.figmaHost.windowBox()))!;
    const cardX = Math.ceil(win.x + win.width + 100);
    const card = await p.host.createFrame({ name: 'Card', width: 300, height: 300, x: cardX, y: 50 });
    const shown = p.ui.getByRole('img', { name: 'Generated image for Hero' });
    await shown.waitFor({ timeout: 20_000 });
    // The drag's end as the browser delivers it to the dragged image: a dragend at the drop point in the iframe's
    // coordinates. (Headless Chromium does not carry a mouse-driven HTML5 drag out of an iframe into its parent page,
    // so the test dispatches the dragend itself; everything after it, pluginDrop to drop to apply, is the real path.)
    expect(await shown.getAttribute('draggable')).toBe('true');
    const point = { x: cardX + 150 - win.x, y: 200 - win.y };
    await shown.evaluate((el, at) => el.dispatchEvent(new DragEvent('dragend', { bubbles: true, clientX: at.x, clientY: at.y })), point);

    const cardHash = await p.imageFillOf(card);
    expect((await p.host.imageBytes(cardHash))!.equals(image)).toBe(true);
    // The hero keeps its image; the card's version records the prompt it was made from.
    expect((await p.host.imageBytes(await p.imageFillOf(hero)))!.equals(image)).toBe(true);
    expect(await p.host.figmentData(card, 'thread')).toContain('a lighthouse at dusk');
    expect(p.errors).toEqual([]);
  });
});
