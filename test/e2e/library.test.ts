/**
 * Issue 16 in Chromium: a prompt saved to the file's library in one plugin run, used in a second run on the same
 * document, sends the same request fields to OpenAI (through the real backend and the stand-in).
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN, type TestBackend } from '../server/helpers';
import type { StandIn } from '../standin';
import { configurePlugin, type E2E } from './browser';
import { closeStack, startStack } from './stack';

let standIn: StandIn;
let backend: TestBackend;
let e2e: E2E;
beforeAll(async () => {
  mkdirSync('docs/screenshots', { recursive: true });
  ({ standIn, backend, e2e } = await startStack());
});
afterAll(() => closeStack({ standIn, backend, e2e }));

type Sent = Record<string, unknown>;
const generations = () => standIn.requests.filter((r) => r.path === '/v1/images/generations').map((r) => r.json as Sent);

describe('prompt library', () => {
  it('a prompt saved to This file in one run is used in the next run and sends the same request', async () => {
    const p = await e2e.open();
    const first = await p.host.createFrame({ name: 'Hero', width: 1200, height: 600 });
    const second = await p.host.createFrame({ name: 'Hero copy', width: 1200, height: 600, x: 1300 });
    await configurePlugin(p, backend.url, TOKEN);
    await p.host.select([first]);

    // What shapes the request: the prompt, the style lock (in Prompt options) and the frame's quality.
    await p.ui.getByRole('textbox', { name: 'Prompt' }).fill('A harbour at dawn, fishing boats');
    await p.ui.getByRole('combobox', { name: 'Quality for Hero' }).selectOption('high');
    await p.ui.getByRole('button', { name: 'Library' }).click();
    const library = p.ui.getByRole('region', { name: 'Library' });
    await library.getByRole('textbox', { name: 'Name' }).fill('Harbour hero');
    await library.getByRole('combobox', { name: 'Save to' }).selectOption({ label: 'This file' });
    await library.getByRole('button', { name: 'Save prompt' }).click();
    await library.getByRole('list', { name: 'This file prompts' }).getByText('Harbour hero').waitFor();
    // README's picture of the library (the pointer off the panel: no tooltip).
    await p.page.mouse.move(0, 0);
    await p.page.locator('#plugin-ui').screenshot({ path: 'docs/screenshots/library.png' });
    expect(JSON.parse(await p.page.evaluate(() => window.figmaHost.rootFigmentData('library')))).toMatchObject([{ name: 'Harbour hero', quality: 'high' }]);
    await p.ui.getByRole('textbox', { name: 'Prompt' }).press('Enter');
    await p.imageFillOf(first);
    expect(generations()).toHaveLength(1);

    // A second run of the plugin on the same document.
    await p.host.closePlugin();
    await p.host.reopen();
    await p.ui.getByText(/^Connected/).waitFor();
    await p.host.select([second]);
    await p.ui.getByRole('button', { name: 'Library' }).click();
    await p.ui.getByRole('region', { name: 'Library' }).getByRole('button', { name: 'Use Harbour hero' }).click();
    await expect.poll(() => p.ui.getByRole('textbox', { name: 'Prompt' }).inputValue()).toBe('A harbour at dawn, fishing boats');
    await expect.poll(() => p.ui.getByRole('combobox', { name: 'Quality for Hero copy' }).inputValue()).toBe('high');
    await p.ui.getByRole('textbox', { name: 'Prompt' }).press('Enter');
    await p.imageFillOf(second);

    const [a, b] = generations();
    expect(b).toEqual(a);
    expect(a).toMatchObject({ quality: 'high', prompt: expect.stringContaining('A harbour at dawn, fishing boats') });
  }, 60_000);
});
