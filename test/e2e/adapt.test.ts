/**
 * Issue 15 part 2 in Chromium through the Figma host emulator, the real backend and the OpenAI stand-in: one master
 * image and three empty frames of 1:2, 1:1 and 3:1 make three edits, each image of the target's request size with
 * the master's pixels where core/adapt-geometry places them (the margins transparent), each mask transparent exactly
 * over the margins and opaque elsewhere (pixel by pixel), and each result fills its frame, byte for byte.
 */
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adaptGeometry, type Rect } from '../../core/adapt-geometry';
import { adaptPrompt } from '../../core/adapt-sizes';
import { parseSize } from '../../core/sizing';
import { readThread } from '../../core/thread';
import { TOKEN, type TestBackend } from '../server/helpers';
import type { StandIn } from '../standin';
import { configurePlugin, type E2E } from './browser';
import { closeStack, startStack } from './stack';

let standIn: StandIn;
let backend: TestBackend;
let e2e: E2E;
beforeAll(async () => ({ standIn, backend, e2e } = await startStack({ partialIntervalMs: 250 })));
afterAll(() => closeStack({ standIn, backend, e2e }));

const edits = () => standIn.requestsTo('/v1/images/edits');

/** The master: 600x400, four flat quadrants of distinct colours, so scaled pixels away from the seams stay exact. */
const MASTER = { width: 600, height: 400 };
const QUADRANTS = [
  [220, 40, 40],
  [40, 200, 60],
  [40, 60, 220],
  [240, 200, 40],
] as const;
const quadrant = (x: number, y: number) => QUADRANTS[(x < 0.5 ? 0 : 1) + (y < 0.5 ? 0 : 2)]!;
function master(): Buffer {
  const png = new PNG(MASTER);
  for (let y = 0; y < MASTER.height; y++)
    for (let x = 0; x < MASTER.width; x++) png.data.set([...quadrant(x / MASTER.width, y / MASTER.height), 255], (y * MASTER.width + x) * 4);
  return PNG.sync.write(png);
}

const inside = (r: Rect, x: number, y: number) => x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height;

describe('adapt one image to many sizes', () => {
  it('(2) one master and frames of 1:2, 1:1 and 3:1: three edits with the master placed, the margins masked exactly, the results in the frames', async () => {
    standIn.reset();
    const p = await e2e.open();
    const masterId = await p.page.evaluate(([b64]) => window.figmaHost.createImageLayer({ name: 'Hero', x: 0, y: 0, width: 600, height: 400 }, b64!), [master().toString('base64')] as const);
    const frames = {
      tall: await p.host.createFrame({ name: 'Tall', x: 700, y: 0, width: 200, height: 400 }),
      square: await p.host.createFrame({ name: 'Square', x: 960, y: 0, width: 300, height: 300 }),
      wide: await p.host.createFrame({ name: 'Wide', x: 0, y: 500, width: 600, height: 200 }),
    };
    await configurePlugin(p, backend.url, TOKEN);
    await p.host.select([masterId, frames.tall, frames.square, frames.wide]);
    await p.ui.getByRole('checkbox', { name: 'Adapt to sizes' }).check();
    const controls = p.ui.getByRole('group', { name: 'Adapt to sizes' });
    await controls.getByText('“Hero” is the master: 3 frames get its image recomposed to their size', { exact: false }).waitFor();
    expect(await controls.getByRole('combobox', { name: 'Placement' }).inputValue()).toBe('fit');
    // The summary line and the list under it price the same runs.
    await p.ui.getByRole('button', { name: /incl\. 3 input images/ }).waitFor();
    await p.ui.getByText(/^3 images · about \$[\d.]+ incl\. 3 input images/).waitFor();
    expect(await p.ui.getByRole('status', { name: 'Next prompt' }).textContent()).toBe('Next prompt adapts “Hero” to 3 frames.');
    await p.sendPrompt('a sunny beach');

    const hashes = await Promise.all(Object.values(frames).map((id) => p.imageFillOf(id, 30_000)));
    expect(edits()).toHaveLength(3);
    expect(standIn.requests.filter((r) => r.path === '/v1/images/generations')).toHaveLength(0);

    const aspects: number[] = [];
    for (const sent of edits()) {
      expect(sent.requestErrors).toEqual([]);
      expect(String(sent.form!.fields.prompt).replace(/\r\n/g, '\n')).toBe(adaptPrompt('a sunny beach'));
      const size = parseSize(String(sent.form!.fields.size))!;
      aspects.push(size.width / size.height);
      const files = sent.form!.files;
      expect(files.map((f) => f.field)).toEqual(['image[]', 'mask']);
      const image = PNG.sync.read(Buffer.from(files[0]!.bytes));
      const mask = PNG.sync.read(Buffer.from(files[1]!.bytes));
      expect([image.width, image.height, mask.width, mask.height]).toEqual([size.width, size.height, size.width, size.height]);
      const { placed, margins } = adaptGeometry({ master: MASTER, target: size, placement: { kind: 'fit' } });
      // Fit, centred: the whole 3:2 master, as large as fits; every one of these targets has margins.
      expect(margins.length).toBeGreaterThan(0);
      expect(Math.abs(placed.width / placed.height - 1.5)).toBeLessThan(0.02);
      let maskOk = 0;
      let pixelsOk = 0;
      let checked = 0;
      let partition = 0;
      for (let y = 0; y < size.height; y++)
        for (let x = 0; x < size.width; x++) {
          const i = (y * size.width + x) * 4;
          const within = inside(placed, x, y);
          const inMargin = margins.some((m) => inside(m, x, y));
          if (within !== inMargin) partition++;
          if (mask.data[i + 3] === (within ? 255 : 0)) maskOk++;
          if (!within) {
            if (image.data[i + 3] === 0) pixelsOk++;
            checked++;
            continue;
          }
          // The master's pixel here, away from the quadrant seams (3 px of resampling either side), is exact.
          const u = (x + 0.5 - placed.x) / placed.width;
          const v = (y + 0.5 - placed.y) / placed.height;
          if (Math.abs(u - 0.5) * placed.width < 3 || Math.abs(v - 0.5) * placed.height < 3) continue;
          checked++;
          const want = [...quadrant(u, v), 255];
          if ([0, 1, 2, 3].every((k) => image.data[i + k] === want[k])) pixelsOk++;
        }
      expect(partition).toBe(size.width * size.height);
      expect(maskOk).toBe(size.width * size.height);
      expect(checked).toBeGreaterThan((size.width * size.height) / 3);
      expect(pixelsOk).toBe(checked);
    }
    // One edit per target shape: 1:2, 1:1 and 3:1 (the request sizes round to multiples of 16).
    expect(aspects.map((a) => Math.round(a * 10) / 10).sort()).toEqual([0.5, 1, 3]);

    // Each frame shows the reply to the edit of its own shape, and its thread records the master.
    const ids = Object.values(frames);
    for (const [i, id] of ids.entries()) {
      const info = await p.host.nodeInfo(id);
      const sent = edits().find((r) => {
        const s = parseSize(String(r.form!.fields.size))!;
        return Math.abs(s.width / s.height - info.width / info.height) < 0.05;
      })!;
      expect((await p.host.imageBytes(hashes[i]!))!.equals(Buffer.from(standIn.replyTo(sent).finals[0]!))).toBe(true);
      expect(readThread(await p.host.figmentData(id, 'thread')).versions).toMatchObject([{ id: 1, adaptedFrom: { nodeId: masterId, version: null } }]);
    }
    // The master is untouched.
    expect((await p.host.fillsOf(masterId)).filter((f) => f.type === 'IMAGE')).toHaveLength(1);
  });

  it('preset sizes beside a lone master, adapted in one prompt, then Re-adapt runs them all again in one action', async () => {
    standIn.reset();
    const p = await e2e.open();
    const masterId = await p.page.evaluate(([b64]) => window.figmaHost.createImageLayer({ name: 'Hero', x: 0, y: 0, width: 600, height: 400 }, b64!), [master().toString('base64')] as const);
    await configurePlugin(p, backend.url, TOKEN);
    await p.host.select([masterId]);
    await p.ui.getByRole('button', { name: 'Adapt to sizes…' }).click();
    const presets = p.ui.getByRole('group', { name: 'Preset sizes' });
    for (const name of ['Story 1080×1920', 'Link ad 1200×628', 'Widescreen 1600×900', 'Medium rectangle 300×250']) await presets.getByRole('checkbox', { name }).uncheck();
    await presets.getByRole('button', { name: 'Add 2 frames beside “Hero”' }).click();
    // The master and the two new frames are selected, adapting on.
    await expect.poll(async () => (await p.host.selection()).length, { timeout: 20_000 }).toBe(3);
    const made = (await p.host.selection()).filter((id) => id !== masterId);
    const infos = await Promise.all(made.map((id) => p.host.nodeInfo(id)));
    expect(infos.map((i) => [i.name, i.width, i.height, i.y])).toEqual([
      ['Hero / Square post 1080×1080', 1080, 1080, 0],
      ['Hero / Leaderboard 728×90', 728, 90, 0],
    ]);
    expect(infos[0]!.x).toBe(640);
    expect(await p.ui.getByRole('checkbox', { name: 'Adapt to sizes' }).isChecked()).toBe(true);
    // What happens past 3:1 is said before sending.
    await p.ui.getByRole('group', { name: 'Adapt to sizes' }).getByText(/“Hero \/ Leaderboard 728×90”: This frame is 8\.09 times as wide as tall/).waitFor();
    await p.sendPrompt('a sunny beach');
    const first = await Promise.all(made.map((id) => p.imageFillOf(id, 30_000)));
    expect(edits()).toHaveLength(2);
    // The leaderboard's request is made at 3:1; its mask also frees the strips its Fill hides.
    const leaderboard = edits().find((r) => {
      const s = parseSize(String(r.form!.fields.size))!;
      return s.width / s.height > 2.5;
    })!;
    const size = parseSize(String(leaderboard.form!.fields.size))!;
    expect(Math.round((size.width / size.height) * 10) / 10).toBe(3);
    const mask = PNG.sync.read(Buffer.from(leaderboard.form!.files.find((f) => f.field === 'mask')!.bytes));
    const { visible, placed } = adaptGeometry({ master: MASTER, target: size, frame: { width: 728, height: 90 }, placement: { kind: 'fit' } });
    expect(visible.height).toBeLessThan(size.height);
    expect(placed.y).toBeGreaterThanOrEqual(visible.y);
    for (const y of [0, visible.y - 1, visible.y + visible.height, size.height - 1]) expect(mask.data[(y * size.width + Math.floor(size.width / 2)) * 4 + 3]).toBe(0);
    expect(mask.data[((placed.y + 1) * size.width + placed.x + 1) * 4 + 3]).toBe(255);

    // Re-adapt: the master alone, one button, both frames again.
    await p.host.select([masterId]);
    await p.ui.getByRole('button', { name: 'Re-adapt 2 sizes' }).click();
    const second = await Promise.all(made.map((id, i) => p.nextImageFill(id, first[i]!, 30_000)));
    expect(edits()).toHaveLength(4);
    // Each asks again with the words it was first adapted with.
    for (const sent of edits().slice(2)) expect(String(sent.form!.fields.prompt).replace(/\r\n/g, '\n')).toBe(adaptPrompt('a sunny beach'));
    for (const [i, id] of made.entries()) {
      expect(second[i]).not.toBe(first[i]);
      expect(readThread(await p.host.figmentData(id, 'thread')).versions.map((v) => v.adaptedFrom?.nodeId)).toEqual([masterId, masterId]);
    }
  }, 60_000);
});
