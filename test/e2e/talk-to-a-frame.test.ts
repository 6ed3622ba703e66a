/**
 * Issue 3, end to end in Chromium through the Figma host emulator, the real backend and the OpenAI stand-in:
 * generate into a frame, edit it with a follow-up prompt (the frame's current bytes go to the edit route), restore
 * version 1, apply variation 2 of 3, and edit regions under a rectangle and a rotated ellipse (the mask is
 * transparent exactly there).
 */
import { editPrompt } from '../../core/prompt';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readThread } from '../../core/thread';
import type { TestBackend } from '../server/helpers';
import type { StandIn } from '../standin';
import type { E2E, HostPage } from './browser';
import { closeStack, openOnFrame, startStack } from './stack';

let standIn: StandIn;
let backend: TestBackend;
let e2e: E2E;
let p: HostPage;
let frame: string;
const hashes: string[] = [];

beforeAll(async () => {
  ({ standIn, backend, e2e } = await startStack({ partialIntervalMs: 30 }));
  ({ p, frame } = await openOnFrame(e2e, backend, { name: 'Lighthouse', width: 400, height: 300 }));
});
afterAll(() => closeStack({ standIn, backend, e2e }));

const thread = async () => readThread(await p.host.figmentData(frame, 'thread'));
const edits = () => standIn.requestsTo('/v1/images/edits');

/** Image pixel -> the 400x300 frame's coordinates, for an image shown FILL (scaled to cover, centred). */
const fillToFrame = (width: number, height: number) => {
  const s = Math.max(400 / width, 300 / height);
  const [ox, oy] = [(400 - width * s) / 2, (300 - height * s) / 2];
  return (p: { x: number; y: number }) => ({ x: p.x * s + ox, y: p.y * s + oy });
};

/** Each pixel's alpha against `inside` at its centre (undefined: on the outline, either is right). */
function compareMask(mask: PNG, inside: (p: { x: number; y: number }) => boolean | undefined): { wrong: number; transparent: number } {
  let wrong = 0;
  let transparent = 0;
  for (let y = 0; y < mask.height; y++) {
    for (let x = 0; x < mask.width; x++) {
      const alpha = mask.data[(y * mask.width + x) * 4 + 3]!;
      if (alpha === 0) transparent++;
      const want = inside({ x: x + 0.5, y: y + 0.5 });
      if (alpha !== 0 && alpha !== 255) wrong++;
      else if (want !== undefined && (alpha === 0) !== want) wrong++;
    }
  }
  return { wrong, transparent };
}

const prompt = (text: string) => p.sendPrompt(text);

const nextFill = (previous: string) => p.nextImageFill(frame, previous);

describe('talking to a frame', () => {
  it('a generated frame starts its thread, and a follow-up prompt edits the current image', async () => {
    await prompt('A lighthouse at dusk');
    hashes.push(await p.imageFillOf(frame));
    const versions = p.ui.getByRole('list', { name: 'Versions' });
    await versions.getByRole('listitem').first().waitFor();
    expect((await thread()).versions).toMatchObject([{ id: 1, parent: null, prompt: 'A lighthouse at dusk', model: 'gpt-image-2', imageHash: hashes[0] }]);

    await prompt('warmer light, keep everything else');
    hashes.push(await nextFill(hashes[0]!));
    expect(edits()).toHaveLength(1);
    const sent = edits()[0]!;
    expect(sent.requestErrors).toEqual([]);
    expect(sent.answerErrors).toEqual([]);
    expect(sent.form!.fields).toMatchObject({ model: 'gpt-image-2', stream: 'true' });
    // The prompt sent says what changes and what stays (OpenAI's prompting guide).
    expect(String(sent.form!.fields.prompt).replace(/\r\n/g, '\n')).toBe(editPrompt({ change: 'warmer light, keep everything else', subject: 'A lighthouse at dusk', images: [{ role: 'current' }] }));
    expect(await p.ui.getByRole('list', { name: 'Chat' }).locator('.prompt-sent pre').last().textContent()).toMatch(/^Change only: warmer light, keep everything else\./);
    const images = sent.form!.files.filter((f) => f.field.startsWith('image'));
    expect(images).toHaveLength(1);
    expect(Buffer.from(images[0]!.bytes).equals((await p.host.imageBytes(hashes[0]!))!)).toBe(true);
    expect((await p.host.imageBytes(hashes[1]!))!.equals(Buffer.from(standIn.replyTo(sent).finals[0]!))).toBe(true);
    const t = await thread();
    expect(t.current).toBe(2);
    expect(t.versions[1]).toMatchObject({ id: 2, parent: 1, prompt: 'warmer light, keep everything else', imageHash: hashes[1], engine: 'images' });
    expect(t.versions[1]!.jobId).toMatch(/.+/);
    await expect.poll(() => versions.getByRole('listitem').count()).toBe(2);
    // Each version shows its own picture in the thread.
    await expect.poll(() => versions.locator('img').count()).toBe(2);
  });

  it('restores version 1 to the frame', async () => {
    await p.ui.getByRole('button', { name: 'Restore version 1' }).click();
    await p.page.waitForFunction(([id, h]) => window.figmaHost.fillsOf(id!).some((f) => f.imageHash === h), [frame, hashes[0]] as const);
    expect((await thread()).current).toBe(1);
    await p.ui.getByRole('button', { name: 'Version 1 is on the canvas' }).waitFor();
  });

  it('asks for 3 variations, shows them side by side and applies the second', async () => {
    await p.ui.getByRole('combobox', { name: 'Variations' }).selectOption('3');
    await prompt('the same scene at night');
    const apply2 = p.ui.getByRole('button', { name: 'Apply variation 2 to Lighthouse' });
    // Each variation shows (with its Apply) as it arrives, as a generation's do.
    await p.ui.getByRole('button', { name: 'Apply variation 3 to Lighthouse' }).waitFor({ timeout: 20_000 });
    expect(await p.ui.getByRole('img', { name: /^Variation \d of 3 for Lighthouse$/ }).count()).toBe(3);
    // Nothing is applied before the designer chooses.
    expect(await p.host.fillsOf(frame)).toMatchObject([{ imageHash: hashes[0] }]);
    await apply2.click();
    hashes.push(await nextFill(hashes[0]!));
    const sent = edits().at(-1)!;
    expect(sent.form!.fields).toMatchObject({ n: '3' });
    expect(sent.form!.fields.prompt).toMatch(/^Change only: the same scene at night\.\r?\nKeep everything else unchanged: /);
    expect(Buffer.from(sent.form!.files[0]!.bytes).equals((await p.host.imageBytes(hashes[0]!))!)).toBe(true);
    expect((await p.host.imageBytes(hashes[2]!))!.equals(Buffer.from(standIn.replyTo(sent).finals[1]!))).toBe(true);
    const t = await thread();
    expect(t.versions.at(-1)).toMatchObject({ id: 3, parent: 1, imageHash: hashes[2] });
    expect(t.current).toBe(3);
    await p.ui.getByRole('button', { name: 'Variation 2 applied to Lighthouse' }).waitFor();
    await p.ui.getByRole('combobox', { name: 'Variations' }).selectOption('1');
  });

  it('edits only the region under a rectangle: the mask is transparent exactly under the shape', async () => {
    const rect = await p.host.createNode('RECTANGLE', { name: 'Plant spot', x: 250, y: 150, width: 100, height: 80 });
    await p.host.select([frame, rect]);
    await p.ui.getByText(/only inside “Plant spot”/).waitFor();
    await prompt('replace this with a potted plant');
    hashes.push(await nextFill(hashes[2]!));
    const sent = edits().at(-1)!;
    expect(sent.requestErrors).toEqual([]);
    const image = sent.form!.files.find((f) => f.field.startsWith('image'))!;
    expect(Buffer.from(image.bytes).equals((await p.host.imageBytes(hashes[2]!))!)).toBe(true);
    const maskFile = sent.form!.files.find((f) => f.field === 'mask')!;
    const mask = PNG.sync.read(Buffer.from(maskFile.bytes));
    const source = PNG.sync.read(Buffer.from(image.bytes));
    expect([mask.width, mask.height]).toEqual([source.width, source.height]);

    // The rectangle (250..350 x 150..230 in the 400x300 frame), worked out by hand in image pixels.
    const toFrame = fillToFrame(source.width, source.height);
    const { wrong, transparent } = compareMask(mask, (p) => {
      const f = toFrame(p);
      return f.x > 250 && f.x < 350 && f.y > 150 && f.y < 230;
    });
    expect(wrong).toBe(0);
    const scale = Math.max(source.width / 400, source.height / 300);
    expect(transparent).toBeGreaterThan(0.98 * 100 * 80 * scale * scale);
    expect(transparent).toBeLessThan(1.02 * 100 * 80 * scale * scale);
    expect((await thread()).versions.at(-1)).toMatchObject({ id: 4, parent: 3, prompt: 'replace this with a potted plant' });
  });

  it('edits only the region under a rotated ellipse: transparent exactly under the ellipse', async () => {
    // 160x80, rotated 30° counter-clockwise about its origin at (150, 120) in the frame.
    const ellipse = await p.host.createNode('ELLIPSE', { name: 'Sun', x: 150, y: 120, width: 160, height: 80, rotation: 30 });
    await p.host.select([frame, ellipse]);
    await p.ui.getByText(/only inside “Sun”/).waitFor();
    const previous = hashes.at(-1)!;
    await prompt('a glowing sun here');
    hashes.push(await nextFill(previous));
    const sent = edits().at(-1)!;
    expect(sent.requestErrors).toEqual([]);
    expect(sent.form!.fields.prompt).toMatch(/^Change only: a glowing sun here\.\r?\n/);
    const image = sent.form!.files.find((f) => f.field.startsWith('image'))!;
    expect(Buffer.from(image.bytes).equals((await p.host.imageBytes(previous))!)).toBe(true);
    const source = PNG.sync.read(Buffer.from(image.bytes));
    const mask = PNG.sync.read(Buffer.from(sent.form!.files.find((f) => f.field === 'mask')!.bytes));
    expect([mask.width, mask.height]).toEqual([source.width, source.height]);
    const toFrame = fillToFrame(source.width, source.height);
    const [cos, sin] = [Math.cos(Math.PI / 6), Math.sin(Math.PI / 6)];
    const scale = Math.max(source.width / 400, source.height / 300);
    const { wrong, transparent } = compareMask(mask, (px) => {
      const f = toFrame(px);
      // Into the ellipse's own coordinates: the inverse of its rotation about (150, 120).
      const [dx, dy] = [f.x - 150, f.y - 120];
      const r = Math.hypot((cos * dx - sin * dy - 80) / 80, (sin * dx + cos * dy - 40) / 40);
      // Within a quarter of an image pixel of the outline, either answer is right.
      return Math.abs(r - 1) * 40 * scale < 0.25 ? undefined : r < 1;
    });
    expect(wrong).toBe(0);
    expect(transparent).toBeGreaterThan(0.98 * Math.PI * 80 * 40 * scale * scale);
    expect(transparent).toBeLessThan(1.02 * Math.PI * 80 * 40 * scale * scale);
    expect((await thread()).versions.at(-1)).toMatchObject({ id: 5, parent: 4, prompt: 'a glowing sun here' });
  });

  it('the conversation engine continues with previous_response_id and records it', async () => {
    await p.host.select([frame]);
    await p.ui.getByRole('button', { name: 'Settings' }).click();
    await p.ui.getByRole('combobox', { name: 'Engine' }).selectOption('responses');
    await expect.poll(() => p.page.evaluate(() => window.figmaHost.sentToUi().at(-1))).toBe('engine');
    const conversations = () => standIn.requests.filter((r) => r.path === '/v1/responses');

    await prompt('make it winter');
    hashes.push(await nextFill(hashes[4]!));
    const first = conversations()[0]!;
    // The spec's `input` item is a oneOf of EasyInputMessage and InputMessage, which a user message with a content
    // list satisfies both of (as every OpenAI SDK sends it); that ambiguity is the only complaint allowed.
    expect(first.requestErrors.filter((e) => !/^CreateResponse: \/input(\/0)? must (be string|match exactly one schema in oneOf)$/.test(e))).toEqual([]);
    expect(first.answerErrors).toEqual([]);
    const body = first.json as { previous_response_id?: string; input: Array<{ content: Array<{ type: string; image_url?: string }> }>; tools: Array<{ type: string }> };
    expect(body.previous_response_id).toBeUndefined();
    expect(body.tools.map((t) => t.type)).toEqual(['image_generation']);
    const sentImage = body.input[0]!.content.find((c) => c.type === 'input_image')!.image_url!;
    expect(Buffer.from(sentImage.split(',')[1]!, 'base64').equals((await p.host.imageBytes(hashes[4]!))!)).toBe(true);
    const v6 = (await thread()).versions.at(-1)!;
    expect(v6).toMatchObject({ id: 6, parent: 5, engine: 'responses', imageHash: hashes[5] });
    expect(v6.responseId).toMatch(/^resp_/);

    await prompt('now at night, like the second one');
    hashes.push(await nextFill(hashes[5]!));
    expect(conversations()[1]!.requestErrors).toEqual([]);
    // The conversation has the image: only the words and the id to continue from go along.
    expect(conversations()[1]!.json).toMatchObject({ previous_response_id: v6.responseId, input: expect.stringMatching(/^Change only: now at night, like the second one\.\nKeep everything else unchanged: /) });
    expect((await thread()).versions.at(-1)).toMatchObject({ id: 7, parent: 6, engine: 'responses' });
    expect(p.errors).toEqual([]);
  });
});
