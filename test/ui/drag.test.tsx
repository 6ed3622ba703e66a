// @vitest-environment happy-dom
/**
 * Drag to apply, the UI's side: a kept chat image dropped outside the plugin window posts Figma's pluginDrop with the
 * drop point and the image as dropMetadata; a drop inside the window posts nothing; the main thread's `dropped`
 * answer applies the image to that layer through the run pipeline (with the job's prompt as its version's prompt).
 */
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KeptImage } from '../../contract/drop-messages';
import type { UiToMain } from '../../contract/messages';
import { Chat } from '../../ui/components/Chat';
import { createObjectUrls } from '../../ui/object-urls';
import { planKept } from '../../ui/run/plan';
import { Runner } from '../../ui/run/runner';
import { createBackendClient } from '../../ui/api/client';
import { pngBytes, runFixture } from './fixtures';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const kept: KeptImage = { figment: 'kept-image', url: '/v1/jobs/job_1/images/0', jobId: 'job_1', size: '1024x1024', model: 'gpt-image-2', quality: 'medium', prompt: 'a red tram' };

/** The browser's dragend on the dragged image, at the drop point in the iframe's coordinates (happy-dom has no DragEvent). */
const dragEnd = (el: Element, clientX: number, clientY: number) => el.dispatchEvent(new MouseEvent('dragend', { bubbles: true, clientX, clientY }));

describe('drag to apply', () => {
  it('a kept chat image dropped outside the window posts pluginDrop with the point and the image; inside, nothing', () => {
    const post = vi.spyOn(window.parent, 'postMessage');
    const run = runFixture('r1', { prompt: 'a red tram', jobId: 'job_1', images: [{ url: 'blob:x', bytes: null, width: 1024, height: 1024, kept: '/v1/jobs/job_1/images/0' }] });
    render(<Chat runs={[run]} />);
    const img = screen.getByRole('img', { name: 'Generated image for Frame r1' });
    expect(img.getAttribute('draggable')).toBe('true');
    dragEnd(img, 20, 20);
    expect(post).not.toHaveBeenCalled();
    dragEnd(img, -120, 40);
    expect(post).toHaveBeenCalledOnce();
    expect(post.mock.calls[0]![0]).toEqual({ pluginDrop: { clientX: -120, clientY: 40, items: [], dropMetadata: kept } });
  });

  it("the keyboard's way: a kept chat image has an Apply to selection button that hands over the kept image", () => {
    const onApplyToSelection = vi.fn<(k: KeptImage) => void>();
    const run = runFixture('r3', { prompt: 'a red tram', jobId: 'job_1', images: [{ url: 'blob:z', bytes: null, width: 1024, height: 1024, kept: '/v1/jobs/job_1/images/0' }] });
    render(<Chat runs={[run]} onApplyToSelection={onApplyToSelection} />);
    const button = screen.getByRole('button', { name: 'Apply the image for Frame r3 to the selection' });
    button.focus();
    expect(document.activeElement).toBe(button);
    button.click();
    expect(onApplyToSelection).toHaveBeenCalledWith(kept);
  });

  it('an image the backend does not keep cannot be dragged out', () => {
    const run = runFixture('r2', { images: [{ url: 'blob:y', bytes: null, width: 1024, height: 1024 }] });
    render(<Chat runs={[run]} onApplyToSelection={() => undefined} />);
    expect(screen.getByRole('img', { name: 'Generated image for Frame r2' }).getAttribute('draggable')).toBeNull();
    expect(screen.queryByRole('button', { name: /to the selection$/ })).toBeNull();
  });

  it('the dropped image is fetched and applied to the layer it landed on, recording its prompt', async () => {
    const bytes = pngBytes(16, 16, 2);
    vi.stubGlobal('fetch', async () => new Response(bytes as BlobPart, { status: 200, headers: { 'content-type': 'image/png' } }));
    const posts: UiToMain[] = [];
    const client = createBackendClient({ backendUrl: 'http://127.0.0.1:8787', accessToken: 't' });
    const runner = new Runner({ client: () => client, post: (m) => posts.push(m), readInput: () => Promise.reject(new Error('none')), urls: createObjectUrls() });
    runner.start(planKept(kept, [{ id: '5:1', name: 'Card', nodeType: 'FRAME', width: 100, height: 100, hasImageFill: false }]));
    await vi.waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]).toMatchObject({ type: 'apply-image', nodeId: '5:1', prompt: 'a red tram', width: 16, height: 16, version: { jobId: 'job_1', model: 'gpt-image-2' } });
    expect((posts[0] as Extract<UiToMain, { type: 'apply-image' }>).bytes).toEqual(bytes);
  });
});
