/**
 * Issue 5 in Chromium: a quality chosen for one frame reaches its request while the others keep their size-based
 * quality; the window resizes from its grip (pointer and keyboard) and opens at that size on the next run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from '../../core/models';
import { requestSizeFor } from '../../core/sizing';
import { startTestBackend, TOKEN, type TestBackend } from '../server/helpers';
import { startOpenAIStandIn, type StandIn } from '../standin';
import { configurePlugin, startE2E, type E2E } from './browser';

let standIn: StandIn;
let backend: TestBackend;
let e2e: E2E;
beforeAll(async () => {
  standIn = await startOpenAIStandIn({ partialIntervalMs: 20 });
  backend = await startTestBackend({ env: { OPENAI_API_KEY: standIn.apiKey, OPENAI_BASE_URL: standIn.baseURL } });
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
  await backend?.close(1000);
  await standIn?.close();
});

describe('quality per frame', () => {
  it('sends the chosen quality for the overridden frame and the size-based one for the other', async () => {
    standIn.reset();
    const p = await e2e.open();
    const avatar = await p.host.createFrame({ name: 'Avatar', width: 48, height: 48 });
    const banner = await p.host.createFrame({ name: 'Banner', width: 400, height: 300, x: 100 });
    await configurePlugin(p, backend.url, TOKEN);
    await p.host.select([avatar, banner]);

    const avatarQuality = p.ui.getByRole('combobox', { name: 'Quality for Avatar' });
    expect(await avatarQuality.locator('option').first().textContent()).toBe('Auto (low)');
    const estimate = p.ui.locator('.targets .estimate');
    await estimate.getByText('about 30–60 s').waitFor();
    await avatarQuality.selectOption('high');
    await estimate.getByText('about 60–200 s').waitFor();

    const prompt = p.ui.getByRole('textbox', { name: 'Prompt' });
    await prompt.fill('a friendly portrait');
    await prompt.press('Enter');
    await p.imageFillOf(avatar);
    await p.imageFillOf(banner);

    const sent = standIn.requests
      .filter((r) => r.path === '/v1/images/generations')
      .map((r) => r.json as { size: string; quality: string })
      .map(({ size, quality }) => `${size} ${quality}`)
      .sort();
    expect(sent).toEqual(
      [`${requestSizeFor(DEFAULT_MODEL, 48, 48, 'high')} high`, `${requestSizeFor(DEFAULT_MODEL, 400, 300, 'medium')} medium`].sort(),
    );
    expect(p.errors).toEqual([]);
  });
});
