// @vitest-environment happy-dom
/**
 * Adapt to sizes (issue 15) in the UI: the planned runs (one edit per target from the master, the estimate counting
 * an input image each, a refusal that says why), the apply message recording the master, and the prompt area's
 * control, found by role and name.
 */
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Focus, Target } from '../../contract/messages';
import { adaptPrompt } from '../../core/adapt-sizes';
import { findModel } from '../../core/models';
import { EMPTY_STYLE } from '../../core/prompt';
import { requestSizeFor } from '../../core/sizing';
import { FromDesign } from '../../ui/components/FromDesign';
import { nextPromptText } from '../../ui/components/TargetList';
import { applyMessage } from '../../ui/run/apply';
import { planPrompt, type PlanOptions } from '../../ui/run/plan';
import { inputImagesOf, planReadapt, planSelection } from '../../ui/run/plan-design';
import { Readapt } from '../../ui/components/Readapt';
import { useFromDesign, type FromDesignState } from '../../ui/state/from-design-state';
import { watchPostsToMain } from './posts-to-main';

const design = { style: EMPTY_STYLE, useLayerNames: false, useFrameText: false, transparent: true };
let ids = 0;
const options = (): PlanOptions => ({ model: findModel('gpt-image-2')!, variations: 3, design, overrides: new Map(), makeId: () => `id${ids++}` });
const frame = (id: string, name: string, width: number, height: number, hasImageFill = false): Target => ({ id, name, nodeType: 'FRAME', width, height, hasImageFill });
const hero = frame('m', 'Hero', 600, 400, true);
const tall = frame('t', 'Tall', 200, 400);
const banner = frame('b', 'Banner', 728, 90);
const adapt = { render: false, replace: false, anchored: false, anchorId: null, adapt: true };

describe('planning adapt to sizes', () => {
  it('one opaque edit per target from the master, at the target request size, recording the master', () => {
    const runs = planSelection('a sunny beach', [tall, hero, banner], options(), adapt);
    expect(runs.map((r) => [r.kind, r.targetId, r.n, r.status])).toEqual([
      ['adapt', 't', 1, 'reading'],
      ['adapt', 'b', 1, 'reading'],
    ]);
    const [first] = runs;
    expect(first!.size).toBe(requestSizeFor('gpt-image-2', 200, 400, first!.quality as never));
    expect(first!.sent).toBe(adaptPrompt('a sunny beach'));
    expect(first!.request).toMatchObject({
      route: 'edits',
      body: { size: first!.size, prompt: first!.sent, n: 1 },
      source: { nodeId: 'm', sendsFrame: true, maskId: null, adapt: { placement: { kind: 'fit', maxCrop: 0 }, frame: { width: 200, height: 400 } } },
    });
    // Extending a scene never asks for a transparent background.
    expect((first!.request as { body: { background?: string } }).body.background).toBeUndefined();
    const msg = applyMessage({ ...first!, images: [{ url: null, bytes: new Uint8Array([1]), width: 8, height: 8 }] }, 0, new Uint8Array([1]));
    // The words go along, so Re-adapt can ask with them again.
    expect(msg).toMatchObject({ nodeId: 't', version: { adaptedFrom: { nodeId: 'm', words: 'a sunny beach' } } });
    expect(inputImagesOf([tall, hero, banner], adapt)(tall)).toBe(1);
    expect(inputImagesOf([tall, hero, banner], adapt)(hero)).toBe(0);
  });

  it('the target list says the next prompt adapts the master', () => {
    expect(nextPromptText(null, 3, 'Hero')).toBe('Next prompt adapts “Hero” to 3 frames.');
    expect(nextPromptText(null, 1, 'Hero')).toBe('Next prompt adapts “Hero” to the selected frame.');
  });

  it('adapting while the master is focused still plans the adapt (not an edit of the master)', () => {
    const focus: Focus = { nodeId: 'm', name: 'Hero', width: 600, height: 400, thread: { schema: 1, current: 0, versions: [] }, references: [], mask: null };
    const runs = planPrompt('x', { focus, targets: [hero, tall], engine: 'images', mode: 'edit', fromDesign: adapt }, options());
    expect(runs.map((r) => [r.kind, r.targetId])).toEqual([['adapt', 't']]);
  });

  it('a selection without a master is refused with a run that says why, and sends nothing', () => {
    const runs = planSelection('x', [tall, banner], options(), adapt);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ kind: 'adapt', status: 'failed', message: expect.stringMatching(/^The master has no image/) });
  });
});

afterEach(cleanup);
const posts = watchPostsToMain();
let state: FromDesignState | undefined;
function Harness({ targets, focus = null }: { targets: Target[]; focus?: Focus | null }) {
  const d = useFromDesign();
  state = d;
  return <FromDesign targets={targets} focus={focus} d={d} />;
}

describe('the Adapt to sizes control', () => {
  it('appears for a master with other frames, even while the master is focused, and names the master and what narrower targets do', () => {
    const focus: Focus = { nodeId: 'm', name: 'Hero', width: 600, height: 400, thread: { schema: 1, current: 0, versions: [] }, references: [], mask: null };
    render(<Harness targets={[hero, tall, banner]} focus={focus} />);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Adapt to sizes' }));
    expect(state!.options.adapt).toBe(true);
    const group = screen.getByRole('group', { name: 'Adapt to sizes' });
    expect(group.textContent).toContain('“Hero” is the master: 2 frames get its image recomposed to their size');
    expect(group.textContent).toContain('edits with input images cost more');
    expect(group.textContent).toContain('The whole master is kept in every target');
    // The banner is past 3:1: what happens to it is said.
    expect(group.textContent).toMatch(/“Banner”: This frame is 8\.09 times as wide as tall; GPT Image makes at most 3:1/);
    const placement = screen.getByRole('combobox', { name: 'Placement' }) as HTMLSelectElement;
    expect([...placement.options].map((o) => o.text)).toEqual(['Fit inside, centred', 'Anchored where the subject is', 'Fill, cropped around the subject']);
    expect(screen.queryByRole('combobox', { name: 'Subject' })).toBeNull();
    fireEvent.change(placement, { target: { value: 'anchor' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Subject' }), { target: { value: 'left' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Crop narrower targets around the subject' }));
    expect(state!.options.adaptChoice).toEqual({ kind: 'anchor', subject: 'left', crop: true });
    expect(group.textContent).toMatch(/up to 30 % of it is cropped around the subject first/);
  });

  it('is not offered without an image-filled frame, and says why when two frames have images', () => {
    const { unmount } = render(<Harness targets={[tall, banner]} />);
    expect(screen.queryByRole('checkbox', { name: 'Adapt to sizes' })).toBeNull();
    unmount();
    render(<Harness targets={[hero, frame('n', 'Other', 300, 300, true), tall]} />);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Adapt to sizes' }));
    expect(screen.getByRole('status').textContent).toMatch(/^2 selected frames have images: select one \(the master\)/);
    // Adapting hides the batch choices that do not apply to it.
    expect(screen.queryByRole('checkbox', { name: 'Same subject in every frame' })).toBeNull();
  });
});

describe('Adapt to sizes from one image (preset sizes)', () => {
  const focus: Focus = { nodeId: 'm', name: 'Hero', width: 600, height: 400, thread: { schema: 1, current: 0, versions: [] }, references: [], mask: null };
  it('offers the preset sizes for a focused image alone, and adds the chosen ones beside it, adapting on', () => {
    render(<Harness targets={[hero]} focus={focus} />);
    expect(screen.queryByRole('group', { name: 'Preset sizes' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Adapt to sizes…' }));
    const group = screen.getByRole('group', { name: 'Preset sizes' });
    expect(group.textContent).toMatch(/Leaderboard 728×90: This frame is 8\.09 times as wide as tall; GPT Image makes at most 3:1, so the picture is made at 3:1/);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Leaderboard 728×90' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Medium rectangle 300×250' }));
    expect(group.textContent).not.toMatch(/Leaderboard 728×90:/);
    fireEvent.click(screen.getByRole('button', { name: 'Add 4 frames beside “Hero”' }));
    expect(posts.messages()).toEqual([
      {
        type: 'create-adapt-frames',
        masterId: 'm',
        frames: [
          { name: 'Hero / Square post 1080×1080', width: 1080, height: 1080 },
          { name: 'Hero / Story 1080×1920', width: 1080, height: 1920 },
          { name: 'Hero / Link ad 1200×628', width: 1200, height: 628 },
          { name: 'Hero / Widescreen 1600×900', width: 1600, height: 900 },
        ],
      },
    ]);
    expect(state!.options.adapt).toBe(true);
  });

  it('are not offered for an image that is not focused alone', () => {
    render(<Harness targets={[hero]} />);
    expect(screen.queryByRole('button', { name: 'Adapt to sizes…' })).toBeNull();
  });
});

describe('Re-adapt', () => {
  const version = (id: number) => ({ id, parent: id > 1 ? id - 1 : null, prompt: 'hero', model: 'gpt-image-2', size: '1024x1024', quality: 'medium', engine: 'images' as const, imageHash: `h${id}`, at: id });
  const master: Focus = {
    nodeId: 'm',
    name: 'Hero',
    width: 600,
    height: 400,
    thread: { schema: 1, current: 2, versions: [version(1), version(2)] },
    references: [],
    mask: null,
    adapted: [
      { id: 't', name: 'Tall', width: 200, height: 400, masterVersion: 1, words: 'at golden hour' },
      { id: 's', name: 'Square', width: 300, height: 300, masterVersion: 2, words: '' },
    ],
  };

  it('plans one adapt edit per adapted frame from the master, each with the words it was adapted with, in one turn', () => {
    const runs = planReadapt(master, options(), { kind: 'cover', subject: 'top', crop: false });
    expect(runs.map((r) => [r.kind, r.targetId, r.prompt, r.sent, r.turnId === runs[0]!.turnId])).toEqual([
      ['adapt', 't', 'Re-adapt “Hero”', adaptPrompt('at golden hour'), true],
      ['adapt', 's', 'Re-adapt “Hero”', adaptPrompt(''), true],
    ]);
    expect(runs[0]!.request).toMatchObject({ source: { nodeId: 'm', adapt: { placement: { kind: 'cover', interest: { x: 0.5, y: 0.2 } }, frame: { width: 200, height: 400 } } } });
  });

  it('is one button on the master, saying how many changed since', () => {
    let clicked = 0;
    render(<Readapt focus={master} onReadapt={() => clicked++} />);
    expect(screen.getByText('The master changed since 1 of them were adapted.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Re-adapt 2 sizes' }));
    expect(clicked).toBe(1);
  });

  it('is not there for a frame nothing was adapted from', () => {
    const { container } = render(<Readapt focus={{ ...master, adapted: undefined }} onReadapt={() => {}} />);
    expect(container.textContent).toBe('');
  });
});
