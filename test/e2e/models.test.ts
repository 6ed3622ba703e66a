/**
 * Issue 14 in Chromium: a backend with a team pairing (2.6 Flare for drafts, 2.6 Sunburst for edits) and
 * gpt-image-2 allowed. Choosing a model in the plugin changes the qualities offered, the complexity control, the
 * estimate and the request sent; the choice is remembered; the exact prompt sent is under each request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateCost, formatUsd } from '../../core/cost';
import { requestSizeFor } from '../../core/sizing';
import { TOKEN, type TestBackend } from '../server/helpers';
import type { StandIn } from '../standin';
import { configurePlugin, type E2E, type HostPage } from './browser';
import { closeStack, startStack } from './stack';

let standIn: StandIn;
let backend: TestBackend;
let e2e: E2E;
beforeAll(async () => {
  ({ standIn, backend, e2e } = await startStack(
    { partialIntervalMs: 10 },
    { FIGMENT_MODEL: 'gpt-image-2', FIGMENT_DRAFT_MODEL: 'gpt-image-2.6-flare', FIGMENT_EDIT_MODEL: 'gpt-image-2.6-sunburst', FIGMENT_MODERATION: 'off' },
  ));
});
afterAll(() => closeStack({ standIn, backend, e2e }));

const generations = () => standIn.requests.filter((r) => r.path === '/v1/images/generations').map((r) => r.json as Record<string, unknown>);
const qualityOptions = (p: HostPage, frame: string) => p.ui.getByRole('combobox', { name: `Quality for ${frame}` }).locator('option').allTextContents();
/** What the estimate should say for one 800x450 frame at medium with `model` (2 partial images, as the plugin asks). */
const priced = (model: string) => formatUsd(estimateCost({ model, size: requestSizeFor(model, 800, 450, 'medium'), quality: 'medium', partialImages: 2 }).usd);

/** A configured plugin window with one new 16:9 frame selected. */
async function open(name: string): Promise<{ p: HostPage; frame: string }> {
  const p = await e2e.open();
  const frame = await p.host.createFrame({ name, width: 800, height: 450 });
  await configurePlugin(p, backend.url, TOKEN);
  await p.host.select([frame]);
  return { p, frame };
}

describe('choosing a model in the plugin', () => {
  it('changes the qualities offered, the complexity control, the estimate and the request sent', async () => {
    standIn.reset();
    const { p, frame: first } = await open('Harbour');

    const model = p.ui.getByRole('combobox', { name: 'Model' });
    const estimate = p.ui.locator('.targets .estimate');
    // The team default: Flare for this draft, so 2.6's qualities, the complexity control and Flare's estimate.
    expect(await model.locator('option').allTextContents()).toEqual([
      'Team default (GPT Image 2.6 Flare for drafts, GPT Image 2.6 Sunburst for edits)',
      'GPT Image 2',
      'GPT Image 2.6 Flare',
      'GPT Image 2.6 Sunburst',
    ]);
    await estimate.getByText(`about ${priced('gpt-image-2.6-flare')} · about 10–25 s`).waitFor();
    expect(await qualityOptions(p, 'Harbour')).toEqual(['Auto (medium)', 'Low', 'Medium', 'High', 'Extra high', 'Max']);
    await p.ui.getByRole('combobox', { name: 'Complexity' }).waitFor();

    // GPT Image 2: three qualities, no complexity, its own price and time.
    await model.selectOption({ label: 'GPT Image 2' });
    await estimate.getByText(`about ${priced('gpt-image-2')} · about 30–60 s`).waitFor();
    expect(priced('gpt-image-2')).not.toBe(priced('gpt-image-2.6-flare'));
    expect(await qualityOptions(p, 'Harbour')).toEqual(['Auto (medium)', 'Low', 'Medium', 'High']);
    expect(await p.ui.getByRole('combobox', { name: 'Complexity' }).count()).toBe(0);
    await p.sendPrompt('a harbour at dawn');
    await p.imageFillOf(first);
    expect(generations()).toHaveLength(1);
    expect(generations()[0]).toMatchObject({ model: 'gpt-image-2', quality: 'medium', size: '1600x896' });
    expect(generations()[0]).not.toHaveProperty('complexity');
    expect(p.errors).toEqual([]);
  });

  it('sends 2.6 Flare at xhigh with complexity low at 16:9 exactly, shows the prompt sent, and remembers the choice', async () => {
    standIn.reset();
    const { p, frame: second } = await open('Dock');
    const model = p.ui.getByRole('combobox', { name: 'Model' });
    const estimate = p.ui.locator('.targets .estimate');
    await model.selectOption({ label: 'GPT Image 2.6 Flare' });
    await p.ui.getByRole('combobox', { name: 'Quality for Dock' }).selectOption({ label: 'Extra high' });
    await p.ui.getByRole('combobox', { name: 'Complexity' }).selectOption({ label: 'Low' });
    await estimate.getByText('about 1–2.5 min').waitFor();
    await p.sendPrompt('a dock at dusk');
    await p.imageFillOf(second);
    expect(generations()).toHaveLength(1);
    expect(generations()[0]).toMatchObject({ model: 'gpt-image-2.6-flare', quality: 'xhigh', complexity: 'low', size: '1600x896' });
    expect(standIn.requests.every((r) => r.requestErrors.length === 0)).toBe(true);

    // The exact prompt sent is under each request, collapsed until opened.
    expect(await p.ui.locator('details.prompt-sent[open]').count()).toBe(0);
    await p.ui.getByLabel('Prompt sent for Dock').click();
    await p.ui.locator('.prompt-sent[open] pre').getByText('a dock at dusk', { exact: true }).waitFor();

    // The choice is kept in clientStorage: the next run opens on it.
    await p.rerun();
    await p.ui.getByText(/^Connected/).waitFor();
    await expect.poll(() => p.ui.getByRole('combobox', { name: 'Model' }).inputValue()).toBe('gpt-image-2.6-flare');
    expect(p.errors).toEqual([]);
  });
});
