// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { SelectionInfo, Target } from '../../contract/messages';
import { TargetList } from '../../ui/components/TargetList';
import { keepSelected, useQualityOverrides, withOverride } from '../../ui/state/quality-overrides';
import { planGeneration, sizeTargets } from '../../ui/run/plan';
import { findModel } from '../../core/models';
import { EMPTY_STYLE } from '../../core/prompt';

afterEach(cleanup);

const target = (id: string, name: string, width: number, height: number): Target => ({ id, name, nodeType: 'FRAME', width, height, hasImageFill: false });
const avatar = target('1:1', 'Avatar', 48, 48);
const hero = target('1:2', 'Hero', 400, 300);

/** The target list wired to the real override state, as App wires it. */
function Harness({ selection }: { selection: SelectionInfo }) {
  const q = useQualityOverrides(selection.targets);
  return <TargetList selection={selection} model="gpt-image-2" runs={[]} overrides={q.overrides} onQuality={q.setQuality} />;
}

const estimate = () => screen.getByRole('region', { name: 'Targets' }).querySelector('.estimate')!.textContent;
const select = (name: string) => screen.getByRole('combobox', { name: `Quality for ${name}` }) as HTMLSelectElement;
/** The row's frame and request size, and the quality its select shows. */
const rowOf = (name: string) => `${select(name).closest('li')!.querySelector('.dim')!.textContent} ${[...select(name).options].find((o) => o.value === select(name).value)!.textContent}`;

describe('quality per frame', () => {
  it('offers Auto (the size-based choice), Low, Medium and High for each frame', () => {
    render(<Harness selection={{ targets: [avatar, hero], skipped: [] }} />);
    expect([...select('Avatar').options].map((o) => o.textContent)).toEqual(['Auto (low)', 'Low', 'Medium', 'High']);
    expect(select('Avatar').value).toBe('');
    expect(select('Hero').options[0]!.textContent).toBe('Auto (medium)');
  });

  it('a chosen quality drives that frame’s request and the estimate; Auto goes back to the default', () => {
    render(<Harness selection={{ targets: [avatar, hero], skipped: [] }} />);
    // Avatar low (816x816: 171 + 2 partials x 100 tokens) + Hero medium (944x704: 1152 + 200) at $30 per 1M.
    expect(estimate()).toBe('2 images · about $0.05 · about 30–60 s');
    expect(rowOf('Avatar')).toBe('48 × 48 → 816x816 Auto (low)');

    fireEvent.change(select('Avatar'), { target: { value: 'high' } });
    expect(rowOf('Avatar')).toBe('48 × 48 → 816x816 High');
    expect(rowOf('Hero')).toBe('400 × 300 → 944x704 Auto (medium)');
    // Avatar high: 6143 + 200 tokens; the batch now takes as long as a high-quality image.
    expect(estimate()).toBe('2 images · about $0.23 · about 1–3.5 min');

    fireEvent.change(select('Avatar'), { target: { value: '' } });
    expect(estimate()).toBe('2 images · about $0.05 · about 30–60 s');
  });

  it('keeps a choice while the frame stays selected and forgets it once it leaves the selection', () => {
    const { rerender } = render(<Harness selection={{ targets: [avatar, hero], skipped: [] }} />);
    fireEvent.change(select('Hero'), { target: { value: 'low' } });
    rerender(<Harness selection={{ targets: [hero], skipped: [] }} />);
    expect(select('Hero').value).toBe('low');
    expect(rowOf('Hero')).toBe('400 × 300 → 944x704 Low');
    expect(estimate()).toBe('1 image · about $0.010 · about 10–20 s');
    rerender(<Harness selection={{ targets: [avatar], skipped: [] }} />);
    rerender(<Harness selection={{ targets: [avatar, hero], skipped: [] }} />);
    expect(select('Hero').value).toBe('');
    expect(estimate()).toBe('2 images · about $0.05 · about 30–60 s');
  });
});

describe('quality overrides, pure', () => {
  it('the planner uses the override for its frame and the default for the others', () => {
    const overrides = new Map([[hero.id, 'high' as const]]);
    expect(sizeTargets([avatar, hero], 'gpt-image-2', overrides).map((i) => [i.target.id, i.quality])).toEqual([
      [avatar.id, 'low'],
      [hero.id, 'high'],
    ]);
    const design = { style: EMPTY_STYLE, useLayerNames: false, useFrameText: false, transparent: false };
    const runs = planGeneration('p', [avatar, hero], { model: findModel('gpt-image-2')!, variations: 1, design, overrides });
    expect(runs.map((r) => [r.targetId, r.quality, r.request.route === 'generations' && r.request.body.quality])).toEqual([
      [avatar.id, 'low', 'low'],
      [hero.id, 'high', 'high'],
    ]);
  });

  it('sets, clears and prunes overrides without touching the input', () => {
    const one = withOverride(new Map(), 'a', 'high');
    const two = withOverride(one, 'b', 'low');
    expect([...two]).toEqual([['a', 'high'], ['b', 'low']]);
    expect([...withOverride(two, 'a', null)]).toEqual([['b', 'low']]);
    expect([...one]).toEqual([['a', 'high']]);
    expect(keepSelected(two, [{ id: 'a' }, { id: 'b' }])).toBe(two);
    expect([...keepSelected(two, [{ id: 'b' }])]).toEqual([['b', 'low']]);
  });
});
