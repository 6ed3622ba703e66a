/**
 * Issue 16 in Chromium: Recent's search finds a job by a word of its prompt (the plugin's own index: this backend
 * keeps no prompts, and says so), the Failed filter shows only the refused job, and the detail view's "Use this
 * prompt again" then Enter sends a request with the same prompt, model and quality. On this team-history backend
 * (FIGMENT_HISTORY=team), Recent lists a teammate's job too, and Mine leaves it out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_ID_HEADER } from '../../contract/api';
import { TOKEN, type TestBackend } from '../server/helpers';
import type { StandIn } from '../standin';
import { configurePlugin, type E2E } from './browser';
import { closeStack, openOnFrame, startStack } from './stack';

let standIn: StandIn;
let backend: TestBackend;
let e2e: E2E;
beforeAll(async () => ({ standIn, backend, e2e } = await startStack({ partialIntervalMs: 10 }, { FIGMENT_ALLOWED_MODELS: 'gpt-image-2.6-flare', FIGMENT_MODERATION: 'off', FIGMENT_HISTORY: 'team' })));
afterAll(() => closeStack({ standIn, backend, e2e }));

const generations = () => standIn.requests.filter((r) => r.path === '/v1/images/generations').map((r) => r.json as Record<string, unknown>);

/** A job run outside this plugin window (by this token unless told): finished (or refused), its prompt not kept. */
async function jobElsewhere(prompt: string, token = TOKEN): Promise<string> {
  const res = await backend.call('/v1/images/generations', { token, json: { prompt, size: '1024x1024' } });
  const id = res.headers.get(JOB_ID_HEADER)!;
  await res.arrayBuffer();
  return id;
}

describe('Recent search, filters and detail', () => {
  it('finds a job by a word of its prompt, shows only the refused job under Failed, and runs a prompt again with its model and quality', async () => {
    await jobElsewhere('a red tram in the rain');
    standIn.setFaults({ moderationBlocked: true });
    const refusedId = await jobElsewhere('a refused poster');
    standIn.setFaults({});
    await expect.poll(async () => ((await (await backend.call(`/v1/jobs/${refusedId}`)).json()) as { status: string }).status, { timeout: 20_000 }).toBe('failed');

    const p = await e2e.open();
    const lighthouse = await p.host.createFrame({ name: 'Lighthouse', width: 1024, height: 1024 });
    await configurePlugin(p, backend.url, TOKEN);
    await p.host.select([lighthouse]);
    await p.ui.getByRole('combobox', { name: 'Model' }).selectOption({ label: 'GPT Image 2.6 Flare' });
    await p.ui.getByRole('combobox', { name: 'Quality for Lighthouse' }).selectOption({ label: 'Low' });
    await p.sendPrompt('a lighthouse at dusk');
    await p.imageFillOf(lighthouse);
    const first = generations().at(-1)!;
    expect(first).toMatchObject({ model: 'gpt-image-2.6-flare', quality: 'low', prompt: expect.stringContaining('a lighthouse at dusk') });

    // A new empty frame, with another model and quality chosen: what "Use this prompt again" must put back.
    const again = await p.host.createFrame({ name: 'Again', width: 1024, height: 1024 });
    await p.host.select([again]);
    await p.ui.getByRole('combobox', { name: 'Model' }).selectOption({ label: 'GPT Image 2' });
    await p.ui.getByRole('combobox', { name: 'Quality for Again' }).selectOption({ label: 'High' });

    await p.ui.getByRole('button', { name: 'Recent' }).click();
    const panel = p.ui.getByRole('region', { name: 'Recent' });
    const list = panel.getByRole('list', { name: 'Recent images' });
    await list.getByRole('listitem').nth(1).waitFor({ timeout: 20_000 });
    // This backend keeps no prompts: the plugin says its search covers what it knows locally.
    await panel.getByText(/This backend keeps no prompts/).waitFor();
    expect(await list.getByRole('listitem').count()).toBe(2);
    await panel.getByRole('searchbox', { name: 'Search recent' }).fill('lighthouse');
    await expect.poll(() => list.locator('.recent-prompt').allTextContents(), { timeout: 20_000 }).toEqual(['a lighthouse at dusk']);
    await panel.getByRole('searchbox', { name: 'Search recent' }).fill('');

    // The radios are drawn as Figma's segmented control: a person clicks the label.
    const show = panel.getByRole('radiogroup', { name: 'Show' });
    await show.getByText('Failed', { exact: true }).click();
    await expect.poll(() => panel.getByRole('radio', { name: 'Failed' }).isChecked(), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => list.locator('.recent-meta').allTextContents(), { timeout: 20_000 }).toHaveLength(1);
    expect((await list.locator('.recent-meta').allTextContents())[0]).toMatch(/^Failed · /);
    // From the keyboard: Enter on the row opens its details, Escape returns to the list with the focus on the row.
    const row = list.getByRole('button', { name: /^Details of the job from/ });
    const rowName = await row.getAttribute('aria-label');
    await row.focus();
    await p.page.keyboard.press('Enter');
    const detail = panel.getByRole('region', { name: 'Recent image details' });
    await detail.getByText('Your request was rejected by the safety system.').waitFor();
    await expect.poll(() => p.ui.locator(':focus').getAttribute('aria-label'), { timeout: 20_000 }).toBe('Back to Recent');
    await p.page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached', timeout: 20_000 });
    await expect.poll(() => p.ui.locator(':focus').getAttribute('aria-label'), { timeout: 20_000 }).toBe(rowName);
    await show.getByText('All', { exact: true }).click();

    await panel.getByRole('searchbox', { name: 'Search recent' }).fill('lighthouse');
    await list.getByRole('button', { name: /^Details of the image from/ }).click();
    await detail.getByText('gpt-image-2.6-flare').waitFor();
    await detail.getByRole('button', { name: 'Use this prompt again' }).click();
    const box = p.ui.getByRole('textbox', { name: 'Prompt' });
    await expect.poll(() => box.inputValue(), { timeout: 20_000 }).toBe('a lighthouse at dusk');
    await expect.poll(() => p.ui.getByRole('combobox', { name: 'Model' }).inputValue(), { timeout: 20_000 }).toBe('gpt-image-2.6-flare');
    await expect.poll(() => p.ui.getByRole('combobox', { name: 'Quality for Again' }).inputValue(), { timeout: 20_000 }).toBe('low');
    const before = generations().length;
    await box.press('Enter');
    await p.imageFillOf(again);
    expect(generations()).toHaveLength(before + 1);
    const repeat = generations().at(-1)!;
    for (const field of ['model', 'quality', 'prompt', 'size'] as const) expect(repeat[field]).toEqual(first[field]);
    expect(p.errors).toEqual([]);
  });

  it('lists a teammate’s job beside this token’s, and Mine leaves it out', async () => {
    await jobElsewhere('ben’s banner', 'test-access-token-ben');
    const { p } = await openOnFrame(e2e, backend, { name: 'Mine', width: 1024, height: 1024 });
    await p.ui.getByRole('button', { name: 'Recent' }).click();
    const panel = p.ui.getByRole('region', { name: 'Recent' });
    const list = panel.getByRole('list', { name: 'Recent images' });
    await list.waitFor({ timeout: 20_000 });
    const all = await list.getByRole('listitem').count();
    // The newest row is ben's: its details say who ran it.
    await list.getByRole('button', { name: /^Details of the image from/ }).first().click();
    const detail = panel.getByRole('region', { name: 'Recent image details' });
    const by = detail.locator('xpath=.//dt[normalize-space()="By"]/following-sibling::*[1]');
    await expect.poll(() => by.textContent(), { timeout: 20_000 }).toBe('ben');
    await detail.getByRole('button', { name: 'Back to Recent' }).click();
    await panel.getByRole('radiogroup', { name: 'Show' }).getByText('Mine', { exact: true }).click();
    await expect.poll(() => list.getByRole('listitem').count(), { timeout: 20_000 }).toBe(all - 1);
    expect(p.errors).toEqual([]);
  });
});
