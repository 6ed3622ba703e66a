// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { SelectionInfo, Target } from '../../contract/messages';
import { TargetList } from '../../ui/components/TargetList';
import { keepSelected, useQualityOverrides, withOverride } from '../../ui/state/quality-overrides';
import { planTurn } from '../../ui/state/turns';

afterEach(cleanup);

const target = (id: string, name: string, width: number, height: number): Target => ({ id, name, nodeType: 'FRAME', width, height, hasImageFill: false });
const avatar = target('1:1', 'Avatar', 48, 48);
const hero = target('1:2', 'Hero', 400, 300);

/** The target list wired to the real override state, as App wires it. */
function Harness({ selection }: { selection: SelectionInfo }) {
  const q = useQualityOverrides(selection.targets);
  return <TargetList selection={selection} model="gpt-image-2" turns={[]} overrides={q.overrides} onQuality={q.setQuality} />;
}

const estimate = () => screen.getByRole('region', { name: 'Targets' }).querySelector('.estimate')!.textContent;
const rowOf = (name: string) => screen.getByRole('combobox', { name: `Quality for ${name}` }).closest('li')!;

describe('quality per frame', () => {
  it('offers Auto (the size-based choice), Low, Medium and High for each frame', () => {
    render(<Harness selection={{ targets: [avatar, hero], skipped: [] }} />);
    const select = screen.getByRole('combobox', { name: 'Quality for Avatar' }) as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(['Auto (low)', 'Low', 'Medium', 'High']);
    expect(select.value).toBe('');
    expect((screen.getByRole('combobox', { name: 'Quality for Hero' }) as HTMLSelectElement).options[0]!.textContent).toBe('Auto (medium)');
  });

  it('a chosen quality drives that frame’s request and the estimate; Auto goes back to the default', () => {
    render(<Harness selection={{ targets: [avatar, hero], skipped: [] }} />);
    // Avatar low (816x816: 171 + 2 partials x 100 tokens) + Hero medium (944x704: 1152 + 200) at $30 per 1M.
    expect(estimate()).toBe('2 images · about $0.05 · about 30–60 s');
    expect(rowOf('Avatar').textContent).toContain('48 × 48 → 816x816 low');

    fireEvent.change(screen.getByRole('combobox', { name: 'Quality for Avatar' }), { target: { value: 'high' } });
    expect(rowOf('Avatar').textContent).toContain('48 × 48 → 816x816 high');
    expect(rowOf('Hero').textContent).toContain('400 × 300 → 944x704 medium');
    // Avatar high: 6143 + 200 tokens; the batch now takes as long as a high-quality image.
    expect(estimate()).toBe('2 images · about $0.23 · about 60–200 s');

    fireEvent.change(screen.getByRole('combobox', { name: 'Quality for Avatar' }), { target: { value: '' } });
    expect(estimate()).toBe('2 images · about $0.05 · about 30–60 s');
  });

  it('keeps a choice while the frame stays selected and forgets it once it leaves the selection', () => {
    const { rerender } = render(<Harness selection={{ targets: [avatar, hero], skipped: [] }} />);
    fireEvent.change(screen.getByRole('combobox', { name: 'Quality for Hero' }), { target: { value: 'low' } });
    rerender(<Harness selection={{ targets: [hero], skipped: [] }} />);
    expect((screen.getByRole('combobox', { name: 'Quality for Hero' }) as HTMLSelectElement).value).toBe('low');
    expect(rowOf('Hero').textContent).toContain('944x704 low');
    rerender(<Harness selection={{ targets: [avatar], skipped: [] }} />);
    rerender(<Harness selection={{ targets: [avatar, hero], skipped: [] }} />);
    expect((screen.getByRole('combobox', { name: 'Quality for Hero' }) as HTMLSelectElement).value).toBe('');
  });
});

describe('quality overrides, pure', () => {
  it('planTurn uses the override for its frame and the default for the others', () => {
    const items = planTurn([avatar, hero], 'gpt-image-2', () => 'r', new Map([[hero.id, 'high']]));
    expect(items.map((i) => [i.targetId, i.quality])).toEqual([
      [avatar.id, 'low'],
      [hero.id, 'high'],
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
