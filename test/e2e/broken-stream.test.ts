/**
 * Issue 13, a dropped connection costs no second image, in real Chromium through the Figma host emulator: the
 * plugin talks to the backend through a loopback proxy that cuts its stream after the first partial image. The
 * UI resumes from the job, the frame fills with the job's image, and exactly one generation reached OpenAI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN, type TestBackend } from '../server/helpers';
import { startDroppingProxy, type DroppingProxy } from '../server/dropping-proxy';
import type { StandIn } from '../standin';
import { configurePlugin, type E2E } from './browser';
import { closeStack, startStack } from './stack';

let standIn: StandIn;
let backend: TestBackend;
let e2e: E2E;
let proxy: DroppingProxy;

beforeAll(async () => {
  ({ standIn, backend, e2e } = await startStack({ partialIntervalMs: 400 }));
  proxy = await startDroppingProxy(backend.url, { path: '/v1/images/generations', after: 'partial_image' });
});
afterAll(async () => {
  await proxy?.close();
  await closeStack({ standIn, backend, e2e });
});

describe('a stream cut after the first partial', () => {
  it('still fills the frame with the job’s image, with one generation upstream', async () => {
    const p = await e2e.open();
    const frame = await p.host.createFrame({ name: 'Poster', width: 400, height: 400 });
    await configurePlugin(p, proxy.url, TOKEN);
    await p.host.select([frame]);
    await p.ui.getByRole('region', { name: 'Targets' }).getByText('Poster').waitFor();
    const prompt = p.ui.getByRole('textbox', { name: 'Prompt' });
    await prompt.fill('A lighthouse poster in two colours');
    await prompt.press('Enter');

    const hash = await p.imageFillOf(frame, 30_000);
    expect(proxy.dropped()).toBe(1);
    const applied = (await p.host.imageBytes(hash))!;
    const generations = standIn.requests.filter((r) => r.path === '/v1/images/generations');
    expect(generations).toHaveLength(1);
    const finals = standIn.replies.flatMap((r) => r.finals);
    expect(finals).toHaveLength(1);
    expect(applied.equals(Buffer.from(finals[0]!))).toBe(true);
    expect(await p.ui.getByRole('button', { name: /retry/i }).count()).toBe(0);
    // Chromium's own note of the cut connection is the only console error.
    expect(p.errors).toEqual(['console: Failed to load resource: net::ERR_INCOMPLETE_CHUNKED_ENCODING']);
  });
});
