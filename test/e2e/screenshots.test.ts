/** Screenshots of the plugin for the README, light and dark, taken in Chromium through the host emulator. */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBackend, TOKEN, type TestBackend } from '../server/helpers';
import { configurePlugin, startE2E, type E2E } from './browser';

let e2e: E2E;
const backends: TestBackend[] = [];
beforeAll(async () => {
  e2e = await startE2E();
  mkdirSync('docs/screenshots', { recursive: true });
});
afterAll(async () => {
  await e2e?.close();
  await Promise.all(backends.map((b) => b.close(1000)));
});

describe('README screenshots', () => {
  it.each(['light', 'dark'] as const)('%s theme', async (scheme) => {
    // A backend of its own per theme, so both pictures show the same budget. The demo provider draws the
    // placeholders, as a newcomer without a key would see them.
    const backend = await startTestBackend({ config: { demoDelayMs: 10 } });
    backends.push(backend);
    const p = await e2e.open({ colorScheme: scheme });
    const hero = await p.host.createFrame({ name: 'hero: rainy Tokyo street at night', width: 1200, height: 600 });
    const card = await p.host.createFrame({ name: 'card: espresso on a marble table', width: 300, height: 300, x: 1300 });
    await configurePlugin(p, backend.url, TOKEN);
    await p.host.select([hero, card]);
    const prompt = p.ui.getByRole('textbox', { name: 'Prompt' });
    await prompt.fill('Editorial photography, warm highlights');
    await prompt.press('Enter');
    await p.imageFillOf(hero);
    await p.imageFillOf(card);
    await p.ui.getByRole('img', { name: /Generated image for card/ }).waitFor();
    // The budget line catches up after both images (2 of the default 500 a day).
    await p.ui.getByText(/Left today: 498 images/).waitFor();
    const theme = await p.page.frames()[1]!.evaluate(() => document.documentElement.className);
    expect(theme).toBe(`figma-${scheme}`);
    await p.page.locator('#plugin-ui').screenshot({ path: `docs/screenshots/plugin-${scheme}.png` });
  });
});
