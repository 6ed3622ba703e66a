/** The run model's pure parts: planning an edit, the chat's turns, a run's status and seconds, a Quick Action's end. */
import { describe, expect, it } from 'vitest';
import type { Focus } from '../../contract/messages';
import { findModel } from '../../core/models';
import { EMPTY_STYLE, editPrompt } from '../../core/prompt';
import { requestSizeFor } from '../../core/sizing';
import { emptyThread, type Thread } from '../../core/thread';
import { quickOutcome } from '../../ui/quick-action';
import { planEdit, type PlanOptions } from '../../ui/run/plan';
import { elapsedSeconds, statusText, turnsOf, type Run } from '../../ui/run/run';
import { runFixture } from './fixtures';

const design = { style: EMPTY_STYLE, useLayerNames: false, useFrameText: false, transparent: false };
const options = (over: Partial<PlanOptions> = {}): PlanOptions => ({ model: findModel('gpt-image-2')!, variations: 1, design, overrides: new Map(), makeId: () => 'e1', ...over });
const threaded: Thread = {
  ...emptyThread(),
  current: 1,
  versions: [{ id: 1, parent: null, prompt: 'a lighthouse', model: 'gpt-image-2', size: '1024x1024', quality: 'medium', engine: 'responses', responseId: 'resp_1', imageHash: 'h1' }],
} as Thread;
const focus: Focus = { nodeId: '1:2', name: 'Lighthouse', width: 400, height: 300, thread: threaded, references: [{ id: 'r1', name: 'Logo' }, { id: 'r2', name: 'Photo' }], mask: { id: 'm1', name: 'Spot' } };

describe('planEdit', () => {
  it('an Images edit of the frame: its size and quality, what changes and what stays, what to read off the canvas', () => {
    const run = planEdit('warmer', focus, 'images', options({ variations: 2 }));
    const size = requestSizeFor('gpt-image-2', 400, 300, 'medium');
    const sent = editPrompt({ change: 'warmer', subject: 'a lighthouse', style: EMPTY_STYLE, images: [{ role: 'current' }, { role: 'reference', name: 'Logo' }, { role: 'reference', name: 'Photo' }] });
    expect(run).toMatchObject({ id: 'e1', turnId: 'e1', kind: 'edit', targetId: '1:2', targetName: 'Lighthouse', size, quality: 'medium', n: 2, status: 'reading', sent });
    expect(run.request).toEqual({
      route: 'edits',
      body: { model: 'gpt-image-2', prompt: sent, size, quality: 'medium', n: 2, stream: true, partial_images: 2, output_format: 'png' },
      source: { nodeId: '1:2', referenceIds: ['r1', 'r2'], maskId: 'm1', sendsFrame: true },
    });
  });

  it('references are capped at what the model takes besides the frame', () => {
    const run = planEdit('warmer', focus, 'images', options({ model: { ...findModel('gpt-image-2')!, maxEditImages: 2 } }));
    expect(run.request).toMatchObject({ source: { referenceIds: ['r1'] } });
  });

  it('the conversation engine continues from the current version: the frame is not sent again, 2.6 complexity is not sent', () => {
    const run = planEdit('at night', focus, 'responses', options({ complexity: 'low' }));
    expect(run.request.route).toBe('responses');
    if (run.request.route !== 'responses') return;
    expect(run.request.body.previous_response_id).toBe('resp_1');
    expect(run.request.source.sendsFrame).toBe(false);
    // The conversation holds the frame's image already: only the references are labelled.
    expect(run.sent).toBe(editPrompt({ change: 'at night', subject: 'a lighthouse', style: EMPTY_STYLE, images: [{ role: 'reference', name: 'Logo' }, { role: 'reference', name: 'Photo' }] }));
    expect(run.request.body.tools[0]).not.toHaveProperty('complexity');
    // With the Images engine, complexity goes along.
    expect(planEdit('at night', focus, 'images', options({ model: findModel('gpt-image-2.6-sunburst')!, complexity: 'low' })).request).toMatchObject({ body: { complexity: 'low' } });
  });

  it('a region that cannot be edited makes a run that failed before it started', () => {
    const run = planEdit('x', { ...focus, maskProblem: 'The image is tiled.' }, 'images', options());
    expect(run).toMatchObject({ status: 'failed', message: 'The image is tiled.' });
    expect(run.startedAt).toBeUndefined();
  });
});

describe('runs in the chat', () => {
  it('groups runs by their prompt, in order', () => {
    const runs = [runFixture('a', { turnId: 't1', prompt: 'one' }), runFixture('b', { turnId: 't2', prompt: 'two' }), runFixture('c', { turnId: 't1', prompt: 'one' })];
    expect(turnsOf(runs).map((t) => [t.id, t.prompt, t.runs.map((r) => r.id)])).toEqual([
      ['t1', 'one', ['a', 'c']],
      ['t2', 'two', ['b']],
    ]);
  });

  it('says what a running run does by its kind, and counts whole seconds since it started', () => {
    expect(statusText({ kind: 'generate', status: 'running' })).toBe('Generating…');
    expect(statusText({ kind: 'edit', status: 'running' })).toBe('Editing…');
    expect(statusText({ kind: 'edit', status: 'reading' })).toBe('Reading the frame…');
    expect(elapsedSeconds({ startedAt: 10_000 }, 22_999)).toBe(12);
    expect(elapsedSeconds({}, 22_999)).toBeUndefined();
  });
});

describe('quickOutcome', () => {
  const run = (id: string, status: Run['status'], patch: Partial<Run> = {}) => runFixture(id, { turnId: 't', status, ...patch });

  it('waits until every run of the turn has settled, then counts what was filled', () => {
    expect(quickOutcome('t', [run('a', 'done'), run('b', 'running')])).toBeNull();
    expect(quickOutcome('t', [])).toBeNull();
    expect(quickOutcome('t', [run('a', 'done'), run('b', 'failed'), runFixture('x', { turnId: 'other', status: 'running' })])).toEqual({ type: 'quick-action-done', filled: 1, failed: 1 });
  });

  it('an edit reports its reason; variations waiting for a choice end the quick action with a pointer to them', () => {
    expect(quickOutcome('t', [run('a', 'failed', { kind: 'edit', targetName: 'Photo', message: 'Gone.' })])).toEqual({ type: 'quick-action-done', filled: 0, failed: 1, message: 'Figment could not edit “Photo”: Gone.' });
    const images = [1, 2, 3].map(() => ({ url: 'blob:x', bytes: new Uint8Array(), width: 1, height: 1 }));
    expect(quickOutcome('t', [run('a', 'choosing', { kind: 'edit', targetName: 'Photo', images, n: 3 })])?.message).toBe('Figment made 3 versions of “Photo”; open Figment to choose one.');
  });
});
