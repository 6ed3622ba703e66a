/**
 * Issue 3, "Done when": a designer holds a ten-turn conversation with a frame, closes the file, reopens it and
 * carries on. In Chromium through the host emulator, the real backend and the OpenAI stand-in (a distinct image for
 * every request): one generation and nine edits, each sent the frame's current image; the plugin closes; a fresh
 * plugin run on the same document shows all ten versions, and an eleventh prompt edits version 10's image.
 */
import { editPrompt } from '../../core/prompt';
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
  ({ standIn, backend, e2e } = await startStack({ partialIntervalMs: 10 }));
  ({ p, frame } = await openOnFrame(e2e, backend, { name: 'Poster', width: 400, height: 300 }));
});
afterAll(() => closeStack({ standIn, backend, e2e }));

const thread = async () => readThread(await p.host.figmentData(frame, 'thread'));
const edits = () => standIn.requestsTo('/v1/images/edits');
const versions = () => p.ui.getByRole('list', { name: 'Versions' }).getByRole('listitem');

const prompt = (text: string) => p.sendPrompt(text);

const nextFill = (previous: string) => p.nextImageFill(frame, previous);

/** One follow-up prompt: the edit request carries the current image, and its answer becomes the next version. */
async function editTurn(text: string, turn: number): Promise<void> {
  const before = edits().length;
  const current = hashes.at(-1)!;
  await prompt(text);
  hashes.push(await nextFill(current));
  expect(edits()).toHaveLength(before + 1);
  const sent = edits().at(-1)!;
  expect(sent.requestErrors).toEqual([]);
  // What changes and everything that stays, the same keep-list on every turn so the frame does not drift.
  // (multipart/form-data carries line breaks as CRLF.)
  expect(String(sent.form!.fields.prompt).replace(/\r\n/g, '\n')).toBe(editPrompt({ change: text, subject: 'A travel poster of a lighthouse', images: [{ role: 'current' }] }));
  const images = sent.form!.files.filter((f) => f.field.startsWith('image'));
  expect(images).toHaveLength(1);
  expect(Buffer.from(images[0]!.bytes).equals((await p.host.imageBytes(current))!)).toBe(true);
  await expect.poll(() => versions().count()).toBe(turn);
}

describe('a ten-turn conversation survives closing and reopening the file', () => {
  it('generates, then nine edits each start from the current image', async () => {
    await prompt('A travel poster of a lighthouse');
    hashes.push(await p.imageFillOf(frame));
    await expect.poll(() => versions().count()).toBe(1);
    for (let turn = 2; turn <= 10; turn++) await editTurn(`turn ${turn}: ${turn % 2 ? 'warmer' : 'cooler'} light`, turn);
    expect(new Set(hashes).size).toBe(10);
    const t = await thread();
    expect(t.current).toBe(10);
    expect(t.versions.map((v) => [v.id, v.parent, v.imageHash])).toEqual(hashes.map((h, i) => [i + 1, i === 0 ? null : i, h]));
    // Ten round trips through Chromium, the backend and the stand-in: room for a machine shared with other suites.
  }, 120_000);

  it('closes the plugin, and a fresh run on the same document shows all ten versions', async () => {
    await p.host.closePlugin();
    expect(await p.host.closed()).toBe(true);
    expect(await p.page.locator('#plugin-ui').count()).toBe(0);
    await p.host.select([]);

    await p.host.reopen();
    expect(await p.host.closed()).toBe(false);
    // The settings are the designer's (client storage): connected again without typing anything.
    await p.ui.getByText(/^Connected/).waitFor();
    expect(await p.ui.getByRole('list', { name: 'Versions' }).count()).toBe(0);
    const next = p.ui.getByRole('status', { name: 'Next prompt' });
    expect(await next.textContent()).toBe('Next prompt generates a new frame.');
    await p.host.select([frame]);
    await expect.poll(() => versions().count()).toBe(10);
    await expect.poll(() => next.textContent()).toBe('Next prompt edits “Poster” (v10 on the canvas).');
    for (let id = 1; id <= 9; id++) await p.ui.getByRole('button', { name: `Restore version ${id}` }).waitFor();
    await p.ui.getByRole('button', { name: 'Version 10 is on the canvas' }).waitFor();
    await p.ui.getByText(/turn 7: warmer light/).waitFor();
  });

  it('an eleventh prompt edits version 10 and becomes version 11', async () => {
    await editTurn('turn 11: add a gull', 11);
    const t = await thread();
    expect(t.current).toBe(11);
    expect(t.versions.at(-1)).toMatchObject({ id: 11, parent: 10, prompt: 'turn 11: add a gull', imageHash: hashes[10] });
    await p.ui.getByRole('button', { name: 'Version 11 is on the canvas' }).waitFor();
    await expect.poll(() => p.ui.getByRole('status', { name: 'Next prompt' }).textContent()).toBe('Next prompt edits “Poster” (v11 on the canvas).');
    expect(p.errors).toEqual([]);
  });
});
