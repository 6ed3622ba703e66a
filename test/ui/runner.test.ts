// @vitest-environment happy-dom
/** The runner's bookkeeping of images: placed images drop their bytes; far-away runs release and reload their pictures. */
import { describe, expect, it } from 'vitest';
import type { ImageStreamEvent } from '../../contract/api';
import type { UiToMain } from '../../contract/messages';
import type { BackendClient } from '../../ui/api/client';
import { createObjectUrls } from '../../ui/object-urls';
import { Runner } from '../../ui/run/runner';
import { completedEvent, partialEvent, pngBytes, runFixture } from './fixtures';

function setup(events: ImageStreamEvent[]) {
  const fetched: string[] = [];
  const client = {
    generateStream: async () => ({ jobId: 'job-1', async *[Symbol.asyncIterator]() { yield* events; } }),
    jobImage: async (url: string) => (fetched.push(url), pngBytes(16, 16, 9)),
    cancelJob: async () => undefined,
  } as unknown as BackendClient;
  const urls = createObjectUrls();
  let live = 0;
  const counted = { create: (b: Uint8Array, f: string) => (live++, urls.create(b, f)), revoke: (u: string | undefined) => (u && live--, urls.revoke(u)), revokeAll: () => urls.revokeAll() };
  const posted: UiToMain[] = [];
  const runner = new Runner({ client: () => client, post: (m) => posted.push(m), readInput: () => Promise.reject(new Error('none')), urls: counted });
  return { runner, posted, fetched, live: () => live };
}

const settled = (runner: Runner, id: string) => new Promise<void>((resolve) => {
  const off = runner.subscribe(() => {
    if (runner.runs.find((r) => r.id === id)?.status !== 'applying') return;
    off();
    resolve();
  });
});

describe('Runner images', () => {
  it('applies a single image with its version, drops its bytes once placed, releases and reloads it from the job store', async () => {
    const bytes = pngBytes(24, 16, 1);
    const { runner, posted, fetched, live } = setup([completedEvent(bytes, '1024x1024')]);
    const run = runFixture('r1', { status: 'queued', targetId: '1:2' });
    const applying = settled(runner, 'r1');
    runner.start([run]);
    await applying;
    const apply = posted.find((m): m is Extract<UiToMain, { type: 'apply-image' }> => m.type === 'apply-image')!;
    expect(apply).toMatchObject({ requestId: 'r1', nodeId: '1:2', width: 24, height: 16, prompt: 'p', version: { model: 'gpt-image-2', size: '1024x1024', quality: 'medium', engine: 'images', jobId: 'job-1' } });
    expect(apply.bytes).toEqual(bytes);
    expect(live()).toBe(1);

    // Still being placed: nothing is released.
    runner.release('r1');
    expect(runner.runs[0]!.images[0]!.url).toMatch(/^blob:/);

    runner.answer({ type: 'applied', requestId: 'r1', nodeId: '1:2', imageHash: 'h', created: false });
    expect(runner.runs[0]).toMatchObject({ status: 'done', images: [{ bytes: null, kept: '/v1/jobs/job-1/images/0' }] });

    runner.release('r1');
    expect(runner.runs[0]!.images[0]!.url).toBeNull();
    expect(live()).toBe(0);
    await runner.reload('r1');
    expect(fetched).toEqual(['/v1/jobs/job-1/images/0']);
    expect(runner.runs[0]!.images[0]!.url).toMatch(/^blob:/);
    expect(live()).toBe(1);
  });
});

describe('Runner previews beside a source', () => {
  const previewsOf = async (beside: NonNullable<ReturnType<typeof runFixture>['beside']>) => {
    const { runner, posted } = setup([partialEvent(pngBytes(8, 8, 2), 0, '1024x1024'), completedEvent(pngBytes(8, 8, 3), '1024x1024')]);
    const applying = settled(runner, 'r1');
    runner.start([runFixture('r1', { status: 'queued', targetId: null, beside })]);
    await applying;
    return posted.filter((m) => m.type === 'preview-beside').length;
  };

  it('streams a frame-to-image run into the frame made beside its source', async () => {
    expect(await previewsOf({ sourceId: '1:2', name: 'Checkout / mockup' })).toBe(1);
  });

  it('keeps a Localise copy\'s partials in the chat: the copy is made only with its final image', async () => {
    expect(await previewsOf({ sourceId: '1:2', name: 'Hero / French', duplicate: true, texts: {} })).toBe(0);
  });
});
