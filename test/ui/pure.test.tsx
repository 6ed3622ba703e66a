// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { ApiErrorException, BackendUnreachableError, describeError } from '../../ui/api/errors';
import { base64ToBytes } from '../../ui/base64';
import { generationRequest } from '../../ui/run/bodies';
import { pngSize } from '../../core/png';
import { applyAnswer, applyOutcome } from '../../ui/run/apply';
import { nextRuns, planGeneration, sizeTargets, type PlanOptions, type QualityOverrides } from '../../ui/run/plan';
import { latestByTarget, type Run } from '../../ui/run/run';
import { requestSizeFor } from '../../core/sizing';
import { findModel } from '../../core/models';
import { EMPTY_STYLE } from '../../core/prompt';
import { nextEstimate } from '../../ui/components/TargetList';
import { targetSummary } from '../../ui/components/TargetSummary';
import type { Target } from '../../contract/messages';
import { pngBytes, runFixture, toBase64 } from './fixtures';

describe('base64ToBytes', () => {
  it('decodes every byte value', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => 255 - i);
    expect(base64ToBytes(toBase64(all))).toEqual(all);
    expect(base64ToBytes('')).toEqual(new Uint8Array(0));
  });
});

describe('pngSize', () => {
  it('reads width and height from IHDR', () => {
    expect(pngSize(pngBytes(37, 5))).toEqual({ width: 37, height: 5 });
    expect(pngSize(pngBytes(1, 300))).toEqual({ width: 1, height: 300 });
  });

  it('works on a view into a larger buffer', () => {
    const png = pngBytes(12, 34);
    const big = new Uint8Array(png.length + 10);
    big.set(png, 10);
    expect(pngSize(big.subarray(10))).toEqual({ width: 12, height: 34 });
  });

  it('rejects what is not a PNG', () => {
    expect(pngSize(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new Array(30).fill(0)]))).toBeNull();
    expect(pngSize(pngBytes(4, 4).subarray(0, 20))).toBeNull();
  });
});

describe('planGeneration', () => {
  const target = (id: string, width: number, height: number) => ({ id, name: `Frame ${id}`, nodeType: 'FRAME', width, height, hasImageFill: false });
  const design = { style: EMPTY_STYLE, useLayerNames: false, useFrameText: false, transparent: false };
  const options = (over: Partial<PlanOptions> = {}): PlanOptions => ({ model: findModel('gpt-image-2')!, variations: 1, design, overrides: new Map(), ...over });

  it('sizes each target with requestSizeFor at the quality its frame size calls for', () => {
    let n = 0;
    const runs = planGeneration('a dog', [target('1:2', 800, 450), target('1:3', 64, 64)], options({ makeId: () => `r${n++}` }));
    expect(runs.map((r) => [r.id, r.turnId, r.kind, r.targetId, r.targetName, r.size, r.quality, r.status])).toEqual([
      ['r0', 'r0', 'generate', '1:2', 'Frame 1:2', '1600x896', 'medium', 'queued'],
      ['r1', 'r0', 'generate', '1:3', 'Frame 1:3', requestSizeFor('gpt-image-2', 64, 64, 'low'), 'low', 'queued'],
    ]);
    expect(runs[1]!.request).toEqual({ route: 'generations', body: generationRequest({ model: 'gpt-image-2', prompt: 'a dog', size: runs[1]!.size, quality: 'low', n: 1 }) });
  });

  it('plans one 1024x1024 image for a new frame when nothing is selected, with the variations asked for', () => {
    const [run, ...rest] = planGeneration('a dog', [], options({ variations: 3 }));
    expect(rest).toEqual([]);
    expect(run).toMatchObject({ targetId: null, size: '1024x1024', quality: 'medium', n: 3 });
    expect(run!.request).toMatchObject({ body: { n: 3 } });
    // A batch makes one image per frame.
    expect(planGeneration('a dog', [target('a', 100, 100), target('b', 100, 100)], options({ variations: 3 })).map((r) => r.n)).toEqual([1, 1]);
  });

  it('asks for a transparent background only where the model can make one', () => {
    const clear = { ...design, transparent: true };
    expect(planGeneration('an icon', [], options({ design: clear }))[0]!.request).toMatchObject({ body: { background: 'transparent' } });
    const opaque = { ...findModel('gpt-image-2')!, transparentBackground: false };
    expect(planGeneration('an icon', [], options({ design: clear, model: opaque }))[0]!.request).not.toHaveProperty('body.background');
  });

  it('uses the fixed sizes of a model whose entry lists them', () => {
    const fixed = { ...findModel('gpt-image-2')!, id: 'house', sizing: 'fixed' as const, sizes: ['1024x1024', '1536x1024', '1024x1536'] };
    expect(sizeTargets([target('a', 1920, 1080)], fixed)[0]!.size).toBe('1536x1024');
  });

  it('sends 2.6\'s complexity and the chosen quality with the run\'s model', () => {
    expect(generationRequest({ model: findModel('gpt-image-2.6-flare')!, prompt: 'a dog', size: '2048x1152', quality: 'xhigh', complexity: 'low', n: 1 })).toMatchObject({
      model: 'gpt-image-2.6-flare',
      size: '2048x1152',
      quality: 'xhigh',
      complexity: 'low',
    });
  });

  it('builds the streamed request the backend expects', () => {
    expect(generationRequest({ model: 'gpt-image-2', prompt: 'a dog', size: '1600x896', quality: 'medium', n: 1 })).toEqual({
      model: 'gpt-image-2',
      prompt: 'a dog',
      size: '1600x896',
      quality: 'medium',
      n: 1,
      stream: true,
      partial_images: 2,
      output_format: 'png',
    });
  });
});

describe('applyOutcome and latestByTarget', () => {
  it('explains a failed apply and keeps the image', () => {
    const base = { type: 'apply-failed', requestId: 'r', nodeId: '1:2', message: 'Something odd.' } as const;
    expect(applyOutcome({ ...base, reason: 'deleted' })).toEqual({ status: 'not-placed', message: 'Frame was deleted — the image is kept here in the chat.' });
    expect(applyOutcome({ ...base, reason: 'error' }).message).toBe('Something odd — the image is kept here in the chat.');
    expect(applyOutcome({ type: 'applied', requestId: 'r', nodeId: '9:9', imageHash: 'h', created: true })).toEqual({
      status: 'done',
      message: 'Placed in a new frame.',
    });
  });

  it('reports the newest run per target', () => {
    const item = (id: string, targetId: string | null, status: 'done' | 'failed'): Run => runFixture(id, { targetId, status });
    const latest = latestByTarget([item('r1', 'A', 'done'), item('r2', null, 'done'), item('r3', 'A', 'failed')]);
    expect(latest.get('A')?.id).toBe('r3');
    expect([...latest.keys()]).toEqual(['A']);
  });
});

describe('describeError', () => {
  const api = (status: number, code: string | null, extra: object = {}, retryAfter: string | null = null) =>
    new ApiErrorException(status, { message: 'Slow down.', type: 'x', param: null, code, ...extra }, { retryAfter });

  it.each([
    [api(400, 'moderation_blocked', { moderation_details: { categories: ['violence'] } }), 'The request was blocked by the content policy (violence). Rephrase the prompt and try again.'],
    [api(400, 'moderation_blocked'), 'The request was blocked by the content policy. Rephrase the prompt and try again.'],
    [api(401, 'invalid_access_token'), 'Access token rejected — check Settings.'],
    [api(401, null), 'Access token rejected — check Settings.'],
    [api(429, 'rate_limited', {}, '12'), 'Rate limit reached: Slow down. Try again in 12 s.'],
    [api(429, 'rate_limit_exceeded'), 'Rate limit reached: Slow down. Try again later.'],
    [api(500, 'upstream_error'), 'Slow down.'],
    [new BackendUnreachableError('http://localhost:1'), 'Backend unreachable: http://localhost:1 did not answer. Is it running, and is the URL in Settings right?'],
    // A stream cut mid-body (Chromium says "network error") is the backend going away, said as a sentence.
    [new TypeError('network error'), 'Backend unreachable: the connection broke before the image arrived.'],
    [new TypeError('Failed to fetch'), 'Backend unreachable: the connection broke before the image arrived.'],
    [new Error('something odd happened'), 'Something odd happened.'],
    [new ApiErrorException(500, { message: 'upstream said no', type: 'x', param: null, code: null }), 'Upstream said no.'],
    [new DOMException('aborted', 'AbortError'), 'Stopped.'],
  ])('%#: %s', (error, text) => {
    expect(describeError(error)).toBe(text);
  });
});

describe('estimates in the Targets list', () => {
  const focus = { nodeId: '1:2', width: 400, height: 300 };
  const editEstimate = (variations: number, overrides: QualityOverrides) => nextEstimate({ targets: [], focus, model: 'gpt-image-2', variations, overrides });
  it('an edit is priced as its variations at the frame size and quality, and says the input images come on top', () => {
    const medium = editEstimate(1, new Map());
    expect(medium).toMatch(new RegExp(`^Edit: 1 image at ${requestSizeFor('gpt-image-2', 400, 300, 'medium')} medium · about \\$[\\d.]+ plus the input images · about \\d+–\\d+ s$`));
    const three = editEstimate(3, new Map([['1:2', 'high']]));
    expect(three).toContain(`Edit: 3 images at ${requestSizeFor('gpt-image-2', 400, 300, 'high')} high`);
    const usd = (line: string) => Number(/\$([\d.]+)/.exec(line)![1]);
    expect(usd(three)).toBeGreaterThan(3 * usd(medium));
  });

  it('a generation adds up every frame and takes as long as its slowest', () => {
    const targets: Target[] = [
      { id: 'a', name: 'Avatar', nodeType: 'FRAME', width: 48, height: 48, hasImageFill: false },
      { id: 'b', name: 'Hero', nodeType: 'FRAME', width: 1600, height: 900, hasImageFill: false },
    ];
    expect(nextEstimate({ targets, focus: null, model: 'gpt-image-2', variations: 1, overrides: new Map() })).toMatch(/^2 images · about \$[\d.]+ · about 1–3\.5 min$/);
  });

  it('the list and its one-line summary count the same runs: input images, copy at medium, one image a frame in a batch', () => {
    const targets: Target[] = [
      { id: 'a', name: 'Badge', nodeType: 'FRAME', width: 40, height: 40, hasImageFill: false, text: ['NEW'] },
      { id: 'b', name: 'Icon', nodeType: 'FRAME', width: 48, height: 48, hasImageFill: false },
    ];
    const next = { targets, focus: null, model: 'gpt-image-2', variations: 3, overrides: new Map(), hasCopy: (t: Target) => (t.text?.length ?? 0) > 0, inputImages: (t: Target) => (t.id === 'b' ? 1 : 0) };
    const runs = nextRuns(next);
    expect(runs.map((r) => [r.quality, r.n, r.inputImages?.length ?? 0])).toEqual([
      ['medium', 1, 0],
      ['low', 1, 1],
    ]);
    const usd = (line: string) => /\$([\d.]+) incl\. 1 input image/.exec(line)?.[1];
    const list = nextEstimate(next);
    const summary = targetSummary({ ...next, runs: [] });
    expect(usd(list)).toBeDefined();
    expect(usd(list)).toBe(usd(summary));
  });
});

describe('applyAnswer', () => {
  it("names the run a variation's answer belongs to, and which variation is now on the frame", () => {
    expect(applyAnswer({ type: 'applied', requestId: 'req-1#2', nodeId: '1:2', imageHash: 'h', created: false })).toEqual({
      runId: 'req-1',
      patch: { status: 'done', applied: 2 },
    });
    expect(applyAnswer({ type: 'applied', requestId: 'req-1', nodeId: '1:2', imageHash: 'h', created: true })).toEqual({
      runId: 'req-1',
      patch: { status: 'done', message: 'Placed in a new frame.' },
    });
    const refused = applyAnswer({ type: 'apply-failed', requestId: 'req-1#0', nodeId: '1:2', reason: 'locked', message: 'locked' });
    expect(refused.runId).toBe('req-1');
    expect(refused.patch).toMatchObject({ status: 'not-placed' });
    expect(refused.patch.applied).toBeUndefined();
  });
});
