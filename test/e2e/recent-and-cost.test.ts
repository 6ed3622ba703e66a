/**
 * Issue 5 in Chromium: the cost estimate before sending and the actual cost after; a job that finished while the
 * plugin was closed, applied to a frame from Recent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_ID_HEADER, type JobList } from '../../contract/api';
import { costFromUsage, estimateCost, formatUsd } from '../../core/cost';
import { defaultQualityFor, requestSizeFor } from '../../core/sizing';
import { TOKEN, type TestBackend } from '../server/helpers';
import type { StandIn } from '../standin';
import { configurePlugin, type E2E } from './browser';
import { closeStack, startStack } from './stack';

let standIn: StandIn;
let backend: TestBackend;
let e2e: E2E;
beforeAll(async () => ({ standIn, backend, e2e } = await startStack()));
afterAll(() => closeStack({ standIn, backend, e2e }));

describe('cost and Recent', () => {
  it('shows the estimated cost before sending and the actual cost after', async () => {
    const p = await e2e.open();
    const frame = await p.host.createFrame({ name: 'Hero', width: 1200, height: 600 });
    await configurePlugin(p, backend.url, TOKEN);
    await p.host.select([frame]);
    const quality = defaultQualityFor(1200, 600);
    const size = requestSizeFor('gpt-image-2', 1200, 600, quality);
    const estimate = formatUsd(estimateCost({ model: 'gpt-image-2', size, quality, partialImages: 2 }).usd);
    await p.ui.getByText(`1 image · about ${estimate}`, { exact: false }).waitFor();

    const prompt = p.ui.getByRole('textbox', { name: 'Prompt' });
    await prompt.fill('a calm harbour');
    await prompt.press('Enter');
    await p.imageFillOf(frame);
    const sent = standIn.requests.find((r) => r.path === '/v1/images/generations')!;
    expect((sent.json as { size: string }).size).toBe(size);
    // The actual cost is the usage OpenAI reported, priced by the one table in core/cost.
    const { data } = (await (await backend.call('/v1/jobs')).json()) as JobList;
    const usage = data[0]!.usage!;
    expect(usage.output_tokens).toBeGreaterThan(0);
    const actual = `${usage.total_tokens.toLocaleString('en-US')} tokens · ${formatUsd(costFromUsage('gpt-image-2', usage))}`;
    await p.ui.getByText(actual).waitFor();
    await p.ui.getByLabel('Spending').getByText(`Session: 1 image, ${formatUsd(costFromUsage('gpt-image-2', usage))}`, { exact: false }).waitFor();
    await p.ui.getByLabel('Spending').getByText(/Left today: 499 images/).waitFor();
  });

  it('applies an image from a job that finished while the plugin was closed', async () => {
    // The plugin started a job and went away; the backend finished it and kept the image.
    const res = await backend.call('/v1/images/generations', { json: { prompt: 'finished while closed', size: '1024x1024', stream: true, partial_images: 1 } });
    const jobId = res.headers.get(JOB_ID_HEADER)!;
    await res.body!.cancel();
    await expect.poll(async () => ((await (await backend.call(`/v1/jobs/${jobId}`)).json()) as { status: string }).status).toBe('succeeded');
    const kept = Buffer.from(await (await backend.call(`/v1/jobs/${jobId}/images/0`)).arrayBuffer());

    const p = await e2e.open();
    const frame = await p.host.createFrame({ name: 'Placeholder', width: 400, height: 400 });
    await configurePlugin(p, backend.url, TOKEN);
    await p.host.select([frame]);
    await p.ui.getByRole('button', { name: 'Recent' }).click();
    const list = p.ui.getByRole('list', { name: 'Recent images' });
    await list.getByRole('img').first().waitFor();
    await list.getByRole('button', { name: /^Apply the image from/ }).first().click();
    const hash = await p.imageFillOf(frame);
    expect((await p.host.imageBytes(hash))!.equals(kept)).toBe(true);
  });
});
