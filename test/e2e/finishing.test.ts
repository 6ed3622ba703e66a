/**
 * Issue 16 in Chromium: Remove background on a plain image layer (a pasted photo Figment never filled) sends one
 * Images edit of that layer's bytes asking for a transparent background, and the layer ends with the result.
 */
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN, type TestBackend } from '../server/helpers';
import type { StandIn } from '../standin';
import { configurePlugin, type E2E } from './browser';
import { closeStack, startStack } from './stack';

let standIn: StandIn;
let backend: TestBackend;
let e2e: E2E;
beforeAll(async () => ({ standIn, backend, e2e } = await startStack()));
afterAll(() => closeStack({ standIn, backend, e2e }));

/** A 600x400 "photo": a gradient with a dark square subject in the middle. */
function photo(): Buffer {
  const png = new PNG({ width: 600, height: 400 });
  for (let y = 0; y < 400; y++)
    for (let x = 0; x < 600; x++) {
      const i = (y * 600 + x) * 4;
      const subject = x > 250 && x < 350 && y > 150 && y < 250;
      png.data.set(subject ? [30, 30, 30, 255] : [x % 256, y % 256, 200, 255], i);
    }
  return PNG.sync.write(png);
}

describe('finishing actions', () => {
  it('Remove background on a plain image layer: a transparent-background edit of its bytes, and the layer shows the result', async () => {
    const p = await e2e.open();
    const original = photo();
    const layer = await p.page.evaluate(([b64]) => window.figmaHost.createImageLayer({ name: 'Product photo', width: 600, height: 400 }, b64!), [original.toString('base64')] as const);
    const before = await p.imageFillOf(layer);
    await configurePlugin(p, backend.url, TOKEN);
    await p.host.select([layer]);
    const finish = p.ui.getByRole('region', { name: 'Finish this image' });
    await finish.getByText(/^Each action: 1 image at \d+x\d+ \w+ · about \$/).waitFor();
    await finish.getByRole('button', { name: 'Remove background' }).click();
    const after = await p.nextImageFill(layer, before, 30_000);

    const index = standIn.requests.findIndex((r) => r.path === '/v1/images/edits');
    const sent = standIn.requests[index]!;
    expect(standIn.requests.filter((r) => r.path === '/v1/images/edits')).toHaveLength(1);
    expect(sent.requestErrors).toEqual([]);
    expect(sent.form!.fields).toMatchObject({ background: 'transparent', n: '1', output_format: 'png' });
    expect(String(sent.form!.fields.prompt)).toMatch(/^Change only: remove the background entirely/);
    const images = sent.form!.files.filter((f) => f.field.startsWith('image'));
    expect(images).toHaveLength(1);
    expect(Buffer.from(images[0]!.bytes).equals(original)).toBe(true);
    expect(sent.form!.files.some((f) => f.field === 'mask')).toBe(false);
    // The layer's fill is exactly the image the stand-in answered, in the same place (a new version of its thread).
    const reply = standIn.replies.find((r) => r.requestIndex === index)!;
    expect((await p.host.imageBytes(after))!.equals(Buffer.from(reply.finals.at(-1)!))).toBe(true);
    expect(await p.host.nodeInfo(layer)).toMatchObject({ width: 600, height: 400, removed: false });
    const thread = JSON.parse((await p.host.figmentData(layer, 'thread')) as string) as { versions: Array<{ prompt: string }> };
    expect(thread.versions.at(-1)!.prompt).toBe('Remove background');
  }, 60_000);
});
