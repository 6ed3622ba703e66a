/**
 * Issue 19 item 1 in Chromium: one timeline that scrolls to the newest. After several prompts overflow the plugin
 * window, each new run's row is in view (inside the box that scrolls the timeline), not below the fold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestBackend } from '../server/helpers';
import type { StandIn } from '../standin';
import type { E2E } from './browser';
import { closeStack, openOnFrame, startStack } from './stack';

let standIn: StandIn;
let backend: TestBackend;
let e2e: E2E;
beforeAll(async () => ({ standIn, backend, e2e } = await startStack({ partialIntervalMs: 10 })));
afterAll(() => closeStack({ standIn, backend, e2e }));

describe('the timeline follows the newest run', () => {
  it('brings each new run into view once the runs overflow the window', async () => {
    const { p, frame } = await openOnFrame(e2e, backend, { name: 'Poster', width: 400, height: 300 });
    let hash = '';
    for (const [i, text] of ['A lighthouse at dusk', 'warmer light', 'add a boat', 'at night', 'with snow'].entries()) {
      await p.sendPrompt(text);
      hash = i === 0 ? await p.imageFillOf(frame) : await p.nextImageFill(frame, hash);
      await expect.poll(() => p.ui.locator('ol.chat li.item').count(), { timeout: 20_000 }).toBe(i + 1);
      // The newest row's top is inside the visible part of whatever box scrolls it.
      const view = await p.ui.locator('ol.chat li.item').last().evaluate((row) => {
        let box = row.parentElement;
        while (box && !/(auto|scroll)/.test(getComputedStyle(box).overflowY)) box = box.parentElement;
        const r = row.getBoundingClientRect();
        const b = box!.getBoundingClientRect();
        return { top: r.top, viewTop: b.top, viewBottom: b.bottom, scrollTop: box!.scrollTop, overflows: box!.scrollHeight > box!.clientHeight };
      });
      expect(view.top).toBeGreaterThanOrEqual(view.viewTop - 1);
      expect(view.top).toBeLessThan(view.viewBottom);
      if (i === 4) {
        // By now the runs overflow the window: the view has scrolled to reach the newest.
        expect(view.overflows).toBe(true);
        expect(view.scrollTop).toBeGreaterThan(0);
      }
    }
    expect(p.errors).toEqual([]);
  });
});
