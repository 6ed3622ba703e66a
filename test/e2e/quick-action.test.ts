/**
 * Issue 5's quick action in Chromium: "Figment: Generate image" run from Quick Actions with a prompt typed inline
 * fills the selection with the UI hidden, reports with figma.notify and closes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN, type TestBackend } from '../server/helpers';
import type { StandIn } from '../standin';
import { pluginUrl, type E2E } from './browser';
import { closeStack, startStack } from './stack';

let standIn: StandIn;
let backend: TestBackend;
let e2e: E2E;
beforeAll(async () => ({ standIn, backend, e2e } = await startStack()));
afterAll(() => closeStack({ standIn, backend, e2e }));

describe('quick action', () => {
  it('fills the selected frames without opening the window, then notifies and closes', async () => {
    standIn.reset();
    const p = await e2e.open({ query: { prompt: 'a row of bicycles', defer: '1' } });
    const a = await p.host.createFrame({ name: 'A', width: 400, height: 300 });
    const b = await p.host.createFrame({ name: 'B', width: 300, height: 400, x: 500 });
    await p.host.select([a, b]);
    await p.page.evaluate(
      ([url, token]) => window.figmaHost.setClientStorage('figment.settings', { backendUrl: url, accessToken: token }),
      [pluginUrl(backend.url), TOKEN],
    );
    await p.page.evaluate(() => {
      window.figmaHost.start();
      return window.figmaHost.ready;
    });
    expect(await p.page.evaluate(() => window.figmaHost.uiVisible())).toBe(false);
    await p.imageFillOf(a);
    await p.imageFillOf(b);
    await p.page.waitForFunction(() => window.figmaHost.closed());
    // The start notice (with Cancel, gone once the work reported), then the outcome.
    expect(await p.host.notifications()).toEqual([{ message: 'Figment is working on 2 frames…', button: 'Cancel' }, { message: 'Figment filled 2 frames.' }]);
    const sent = standIn.requests.filter((r) => r.path === '/v1/images/generations').map((r) => (r.json as { prompt: string }).prompt);
    expect(sent).toEqual(['a row of bicycles', 'a row of bicycles']);
  });

  it('explains, without a window, that the backend must be set up first', async () => {
    const p = await e2e.open({ query: { prompt: 'anything', defer: '1' } });
    await p.page.evaluate(() => {
      window.figmaHost.start();
      return window.figmaHost.ready;
    });
    await p.page.waitForFunction(() => window.figmaHost.closed());
    expect(await p.host.notifications()).toEqual([{ message: 'Figment needs its backend first: run Figment from the menu and fill in Settings.', error: true }]);
  });
});
