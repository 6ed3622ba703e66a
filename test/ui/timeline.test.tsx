// @vitest-environment happy-dom
/** One timeline that scrolls to the newest (issue 19 item 1): each new run's row is brought into view. */
import { render, screen, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { Chat } from '../../ui/components/Chat';
import { runFixture } from './fixtures';

describe('the timeline follows the newest run', () => {
  it('scrolls the newest row into view when runs are added, not when a run only changes', () => {
    const scrolled: Element[] = [];
    const original = Element.prototype.scrollIntoView;
    Element.prototype.scrollIntoView = vi.fn(function (this: Element) {
      scrolled.push(this);
    });
    try {
      const first = [runFixture('a', { turnId: 't1', targetName: 'Hero' })];
      const { rerender } = render(<Chat runs={first} />);
      const second = [...first, runFixture('b', { turnId: 't2', targetName: 'Card' }), runFixture('c', { turnId: 't2', targetName: 'Tile' })];
      rerender(<Chat runs={second} />);
      const chat = within(screen.getByRole('list', { name: 'Chat' }));
      expect(scrolled).toEqual([chat.getByText('Tile', { selector: '.name' }).closest('li')]);
      // A run that only changes status (its image arrived) does not pull the view away from where the designer is.
      rerender(<Chat runs={second.map((r) => (r.id === 'b' ? { ...r, status: 'failed' as const } : r))} />);
      expect(scrolled).toHaveLength(1);
    } finally {
      Element.prototype.scrollIntoView = original;
    }
  });
});
