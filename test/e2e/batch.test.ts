/**
 * Issue 5 in Chromium: a batch of six frames prompted by their layer names, one refused in the middle (the others
 * complete; its Retry works), the style lock reaching every request, and a frame's text reaching its prompt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN, type TestBackend } from '../server/helpers';
import type { StandIn } from '../standin';
import { configurePlugin, type E2E } from './browser';
import { closeStack, startStack } from './stack';

let standIn: StandIn;
let backend: TestBackend;
let e2e: E2E;
beforeAll(async () => ({ standIn, backend, e2e } = await startStack({ partialIntervalMs: 20 })));
afterAll(() => closeStack({ standIn, backend, e2e }));

const prompts = () =>
  standIn.requests.filter((r) => r.path === '/v1/images/generations').map((r) => (r.json as { prompt: string }).prompt);

describe('batch fills with design-aware prompts', () => {
  it('fills six frames from their layer names with the style lock; a refused one shows a Retry that works', async () => {
    standIn.reset();
    standIn.setFaults({ flagModeration: ['forbidden'] });
    const p = await e2e.open();
    const subjects = ['a lighthouse', 'a red tram', 'a forbidden ritual', 'a bakery window', 'a mountain hut', 'a koi pond'];
    const ids: string[] = [];
    for (const [i, subject] of subjects.entries()) ids.push(await p.host.createFrame({ name: `tile ${i + 1}: ${subject}`, width: 300, height: 200, x: i * 320 }));
    await configurePlugin(p, backend.url, TOKEN);

    await p.ui.getByRole('button', { name: 'Prompt options' }).click();
    await p.ui.getByRole('checkbox', { name: 'Prompt from layer names' }).check();
    await p.ui.getByRole('button', { name: 'Style lock: off' }).click();
    await p.ui.getByRole('textbox', { name: 'Palette' }).fill('teal and coral');
    await p.ui.getByRole('textbox', { name: 'Lighting' }).fill('soft morning light');
    await p.ui.getByRole('checkbox', { name: 'Apply style lock to every prompt' }).check();
    await p.ui.getByRole('button', { name: 'Save style' }).click();

    await p.host.select(ids);
    const prompt = p.ui.getByRole('textbox', { name: 'Prompt' });
    await prompt.fill('isometric illustration');
    await prompt.press('Enter');

    for (const [i, id] of ids.entries()) if (i !== 2) await p.imageFillOf(id);
    const retry = p.ui.getByRole('region', { name: 'Targets' }).getByRole('button', { name: 'Retry tile 3: a forbidden ritual' });
    await retry.waitFor();
    await p.ui.getByRole('list', { name: 'Chat' }).getByText(/blocked by the content policy/).waitFor();
    expect((await p.host.fillsOf(ids[2]!)).some((f) => f.type === 'IMAGE')).toBe(false);

    const sent = prompts();
    expect(sent).toHaveLength(5);
    for (const [i, subject] of subjects.entries()) {
      if (i === 2) continue;
      const text = sent.find((s) => s.startsWith(subject))!;
      expect(text).toContain('Shared direction: isometric illustration');
      expect(text).toContain('Style for every image in this set: colour palette teal and coral; lighting: soft morning light.');
    }
    // The style lock is kept in the document, where any build of the plugin reads it.
    expect(await p.page.evaluate(() => window.figmaHost.rootFigmentData('style'))).toContain('teal and coral');

    standIn.setFaults({});
    await retry.click();
    await p.imageFillOf(ids[2]!);
    expect(prompts().at(-1)).toMatch(/^a forbidden ritual/);
    // The browser logs the refused request itself (a 400); nothing else went wrong.
    expect(p.errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
  });

  it("puts a frame's own text in its prompt as exact copy", async () => {
    standIn.reset();
    const p = await e2e.open();
    const banner = await p.host.createFrame({ name: 'Banner', width: 970, height: 250 });
    await p.host.createNode('TEXT', { name: 'Headline', characters: 'SUMMER SALE' } as { name: string }, banner);
    await p.host.createNode('TEXT', { name: 'Sub', characters: 'Up to 50% off' } as { name: string }, banner);
    await configurePlugin(p, backend.url, TOKEN);
    await p.ui.getByRole('button', { name: 'Prompt options' }).click();
    await p.ui.getByRole('checkbox', { name: "Use this frame's text" }).check();
    await p.host.select([banner]);
    const prompt = p.ui.getByRole('textbox', { name: 'Prompt' });
    await prompt.fill('a beach banner');
    await prompt.press('Enter');
    await p.imageFillOf(banner);
    expect(prompts()).toEqual(['a beach banner\nRender this text exactly as written, spelled exactly as quoted and nothing else: "SUMMER SALE", "Up to 50% off".']);
  });
});
