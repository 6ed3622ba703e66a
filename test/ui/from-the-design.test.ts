// @vitest-environment happy-dom
/**
 * Issue 15 in the UI: planning a frame-to-image run and an anchored set (pure), the estimate that counts input
 * images, and the runner's anchored set when the anchor fails (the others fail with a clear message; Retry on the
 * anchor sends them once its image is there).
 */
import { describe, expect, it } from 'vitest';
import type { ImageStreamEvent } from '../../contract/api';
import type { Target, UiToMain } from '../../contract/messages';
import { findModel } from '../../core/models';
import { anchoredPrompt, EMPTY_STYLE, renderPrompt } from '../../core/prompt';
import { requestSizeFor } from '../../core/sizing';
import type { BackendClient } from '../../ui/api/client';
import { ApiErrorException } from '../../ui/api/errors';
import { createObjectUrls } from '../../ui/object-urls';
import { applyMessage } from '../../ui/run/apply';
import type { PlanOptions } from '../../ui/run/plan';
import { inputImagesOf, planAnchored, planRender, planSelection } from '../../ui/run/plan-design';
import { anchorFailedText, waitsForAnchorText } from '../../ui/run/run';
import { Runner } from '../../ui/run/runner';
import { targetSummary } from '../../ui/components/TargetSummary';
import { completedEvent, pngBytes } from './fixtures';

const design = { style: EMPTY_STYLE, useLayerNames: false, useFrameText: false, transparent: false };
let ids = 0;
const options = (over: Partial<PlanOptions> = {}): PlanOptions => ({ model: findModel('gpt-image-2')!, variations: 1, design, overrides: new Map(), makeId: () => `id${ids++}`, ...over });
const wire: Target = { id: '1:1', name: 'Checkout', nodeType: 'FRAME', width: 400, height: 600, hasImageFill: false, text: ['Pay now'], hasChildren: true };
const frame = (id: string, name: string, hasImageFill = false): Target => ({ id, name, nodeType: 'FRAME', width: 300, height: 200, hasImageFill });

describe('planning images from the design', () => {
  it('a wireframe becomes a render run: an edit exporting the frame at the request width, the result beside it', () => {
    const [run] = planRender('a polished checkout', [wire], options());
    const size = requestSizeFor('gpt-image-2', 400, 600, 'high');
    expect(run).toMatchObject({ kind: 'render', targetId: null, targetName: 'Checkout', size, status: 'reading', beside: { sourceId: '1:1', name: 'Checkout / mockup' } });
    expect(run!.sent).toBe(renderPrompt({ prompt: 'a polished checkout', name: 'Checkout', frameText: ['Pay now'] }));
    expect(run!.request).toMatchObject({ route: 'edits', body: { size, prompt: run!.sent }, source: { nodeId: '1:1', sendsFrame: true, exportWidth: Number(size.split('x')[0]) } });
    // "Replace the wireframe" fills the frame itself.
    expect(planRender('x', [wire], options(), true)[0]).toMatchObject({ targetId: '1:1' });
    expect(planRender('x', [wire], options(), true)[0]!.beside).toBeUndefined();
  });

  it('the apply message carries where the new frame goes', () => {
    const [run] = planRender('x', [wire], options());
    const msg = applyMessage({ ...run!, images: [{ url: null, bytes: new Uint8Array([1]), width: 8, height: 8 }] }, 0, new Uint8Array([1]));
    expect(msg).toMatchObject({ nodeId: null, beside: { sourceId: '1:1', name: 'Checkout / mockup' } });
  });

  it('only with "render" on, and only wireframes, are rendered; the rest generate', () => {
    const plain = frame('1:2', 'Plain');
    expect(planSelection('x', [wire, plain], options()).map((r) => r.kind)).toEqual(['generate', 'generate']);
    expect(planSelection('x', [wire, plain], options(), { render: true, replace: false, anchored: false, anchorId: null }).map((r) => [r.kind, r.targetName])).toEqual([['render', 'Checkout'], ['generate', 'Plain']]);
  });

  it('an anchored set: the first generates, the others wait for it and send it as Image 1', () => {
    const runs = planAnchored('a fox', [frame('a', 'A'), frame('b', 'B'), frame('c', 'C')], options());
    expect(runs.map((r) => r.request.route)).toEqual(['generations', 'edits', 'edits']);
    for (const r of runs.slice(1)) {
      expect(r).toMatchObject({ status: 'queued', message: waitsForAnchorText('A'), sent: anchoredPrompt('a fox') });
      expect(r.request).toMatchObject({ source: { sendsFrame: false, anchor: { runId: runs[0]!.id, name: 'A' } } });
    }
  });

  it('a picked anchor is read off the canvas and not regenerated', () => {
    const runs = planAnchored('a fox', [frame('a', 'A'), frame('h', 'Hero', true), frame('c', 'C')], options(), 'h');
    expect(runs.map((r) => r.targetName)).toEqual(['A', 'C']);
    for (const r of runs) expect(r.request).toMatchObject({ route: 'edits', source: { anchor: { nodeId: 'h', name: 'Hero' } } });
  });

  it('the estimate counts input images and costs more with them', () => {
    const targets = [frame('a', 'A'), frame('b', 'B'), frame('c', 'C')];
    const base = { targets, focus: null, model: 'gpt-image-2', variations: 1, overrides: new Map(), runs: [] };
    const d = { render: false, replace: false, anchored: true, anchorId: null };
    const plain = targetSummary(base);
    const anchored = targetSummary({ ...base, inputImages: inputImagesOf(targets, d) });
    expect(anchored).toMatch(/^3 frames · ~\$[\d.]+ incl\. 2 input images · /);
    const usd = (s: string) => Number(/\$([\d.]+)/.exec(s)![1]);
    expect(usd(anchored)).toBeGreaterThan(usd(plain));
  });
});

describe('the runner and an anchored set', () => {
  it('a failed anchor fails the others with a clear message; its Retry sends them with its image', async () => {
    let fail = true;
    const edits: Uint8Array[][] = [];
    const anchorBytes = pngBytes(16, 16, 3);
    const client = {
      generateStream: async () => {
        if (fail) throw new ApiErrorException(500, { error: { code: 'upstream_error', message: 'OpenAI failed.' } } as never);
        return { jobId: 'job-a', async *[Symbol.asyncIterator]() { yield completedEvent(anchorBytes, '1024x1024') as ImageStreamEvent; } };
      },
      editStream: async (_body: unknown, files: { images: Uint8Array[] }) => {
        edits.push(files.images);
        return { jobId: `job-e${edits.length}`, async *[Symbol.asyncIterator]() { yield completedEvent(pngBytes(16, 16, 5), '1024x1024') as ImageStreamEvent; } };
      },
      jobImage: async () => pngBytes(4, 4, 1),
      cancelJob: async () => undefined,
    } as unknown as BackendClient;
    const posted: UiToMain[] = [];
    const runner = new Runner({ client: () => client, post: (m) => posted.push(m), readInput: () => Promise.reject(new Error('none')), urls: createObjectUrls() });
    const runs = planAnchored('a fox', [frame('a', 'A'), frame('b', 'B'), frame('c', 'C')], options());
    runner.start(runs);
    await expect.poll(() => runner.runs.map((r) => r.status)).toEqual(['failed', 'failed', 'failed']);
    expect(runner.runs.slice(1).map((r) => r.message)).toEqual([anchorFailedText('A'), anchorFailedText('A')]);
    expect(edits).toHaveLength(0);

    fail = false;
    runner.retry(runs[0]!.id);
    await expect.poll(() => runner.runs.map((r) => r.status)).toEqual(['applying', 'applying', 'applying']);
    expect(edits).toHaveLength(2);
    for (const images of edits) expect(images).toEqual([anchorBytes]);
  });
});
