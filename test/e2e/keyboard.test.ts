/**
 * Issue 5, every action reachable by keyboard, in real Chromium through the Figma host emulator: from a fresh
 * start, set the backend up, fill a frame and apply an image from Recent without touching the mouse; focus lands
 * where the next thing to type goes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { TOKEN, type TestBackend } from '../server/helpers';
import type { StandIn } from '../standin';
import { pluginUrl, type E2E, type HostPage } from './browser';
import { closeStack, startStack } from './stack';

let standIn: StandIn;
let backend: TestBackend;
let e2e: E2E;

beforeAll(async () => ({ standIn, backend, e2e } = await startStack({ partialIntervalMs: 20 })));
afterAll(() => closeStack({ standIn, backend, e2e }));

/** The accessible name of the focused control in the plugin UI (its aria-label, label text, or own text). */
function focusedName(page: Page): Promise<string> {
  const frame = page.frames().find((f) => f !== page.mainFrame())!;
  return frame.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return '';
    const label = el.getAttribute('aria-label') ?? (el as HTMLInputElement).labels?.[0]?.textContent ?? el.textContent ?? '';
    return label.trim();
  });
}

/** Presses Tab (at most 40 times) until the focused control's name matches; fails if it is never reached. */
async function tabTo(p: HostPage, name: RegExp): Promise<void> {
  for (let i = 0; i < 40; i++) {
    if (name.test(await focusedName(p.page))) return;
    await p.page.keyboard.press('Tab');
  }
  throw new Error(`no control named ${name} is reachable with Tab (last focused: "${await focusedName(p.page)}")`);
}

describe('keyboard only', () => {
  it('sets up the backend, fills a frame and applies an image from Recent without a mouse', async () => {
    const p = await e2e.open();
    const frame = await p.host.createFrame({ name: 'Hero', width: 800, height: 400 });
    const other = await p.host.createFrame({ name: 'Card', width: 300, height: 300, x: 900 });
    await p.host.select([frame]);

    // No token yet: Settings is open and focus waits in its first field.
    await expect.poll(() => focusedName(p.page)).toMatch(/^Backend URL/);
    await p.page.keyboard.press('ControlOrMeta+A');
    await p.page.keyboard.type(pluginUrl(backend.url));
    await tabTo(p, /^Access token/);
    await p.page.keyboard.type(TOKEN);
    await tabTo(p, /^Save/);
    await p.page.keyboard.press('Enter');
    await p.ui.getByText(/^Connected/).waitFor();

    // Saved: focus goes back to the prompt.
    await expect.poll(() => focusedName(p.page)).toBe('Prompt');
    await p.page.keyboard.type('A mountain lake at sunrise');
    await p.page.keyboard.press('Enter');
    const first = await p.imageFillOf(frame);

    await p.host.select([other]);
    await tabTo(p, /^Recent$/);
    await p.page.keyboard.press('Enter');
    await p.ui.getByRole('list', { name: 'Recent images' }).getByRole('img').first().waitFor();
    await tabTo(p, /^Apply the image from/);
    await p.page.keyboard.press('Enter');
    // The image (3:2, made for Hero) and Card (square) differ in shape: the warning takes the focus; Enter applies.
    await expect.poll(() => focusedName(p.page), { timeout: 20_000 }).toBe('Apply anyway');
    await p.page.keyboard.press('Enter');
    const applied = await p.imageFillOf(other);
    expect((await p.host.imageBytes(applied))!.equals((await p.host.imageBytes(first))!)).toBe(true);
    expect(p.errors).toEqual([]);
  });
});
