// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UiToMain } from '../../contract/messages';
import { ResizeGrip } from '../../ui/components/ResizeGrip';

afterEach(cleanup);

/** happy-dom's own control over the window's inner size. */
const setWindowSize = (size: { width: number; height: number }) =>
  (window as unknown as { happyDOM: { setWindowSize(s: { width: number; height: number }): void } }).happyDOM.setWindowSize(size);

function setup() {
  const post = vi.fn<(m: UiToMain) => void>();
  render(<ResizeGrip post={post} />);
  const grip = screen.getByRole('button', { name: 'Resize window' });
  return { post, grip, sizes: () => post.mock.calls.map(([m]) => m) };
}

describe('ResizeGrip', () => {
  it('steps 16 px per arrow key from the current window size, and stays within bounds', () => {
    setWindowSize({ width: 380, height: 620 });
    const { grip, sizes } = setup();
    grip.focus();
    expect(document.activeElement).toBe(grip);
    expect(fireEvent.keyDown(grip, { key: 'ArrowRight' })).toBe(false);
    fireEvent.keyDown(grip, { key: 'ArrowRight' });
    fireEvent.keyDown(grip, { key: 'ArrowUp' });
    fireEvent.keyDown(grip, { key: 'ArrowDown' });
    fireEvent.keyDown(grip, { key: 'ArrowDown' });
    fireEvent.keyDown(grip, { key: 'Enter' });
    expect(sizes()).toEqual([
      { type: 'resize-window', width: 396, height: 620, persist: true },
      { type: 'resize-window', width: 412, height: 620, persist: true },
      { type: 'resize-window', width: 412, height: 604, persist: true },
      { type: 'resize-window', width: 412, height: 620, persist: true },
      { type: 'resize-window', width: 412, height: 636, persist: true },
    ]);
    for (let i = 0; i < 10; i++) fireEvent.keyDown(grip, { key: 'ArrowLeft' });
    expect(sizes().at(-1)).toEqual({ type: 'resize-window', width: 300, height: 636, persist: true });
    // At the bound, nothing more is asked for.
    const count = sizes().length;
    fireEvent.keyDown(grip, { key: 'ArrowLeft' });
    expect(sizes()).toHaveLength(count);
  });

  it('resizes by dragging with the pointer captured, and stops when it is released', () => {
    setWindowSize({ width: 400, height: 600 });
    const { grip, sizes } = setup();
    fireEvent.pointerMove(grip, { pointerId: 1, clientX: 500, clientY: 500 });
    expect(sizes()).toEqual([]);
    fireEvent.pointerDown(grip, { pointerId: 1, button: 0, clientX: 393, clientY: 593 });
    expect(grip.hasPointerCapture(1)).toBe(true);
    fireEvent.pointerMove(grip, { pointerId: 1, clientX: 433, clientY: 613 });
    fireEvent.pointerMove(grip, { pointerId: 1, clientX: 473, clientY: 583 });
    fireEvent.pointerMove(grip, { pointerId: 2, clientX: 900, clientY: 900 });
    fireEvent.pointerUp(grip, { pointerId: 1, clientX: 473, clientY: 583 });
    expect(grip.hasPointerCapture(1)).toBe(false);
    fireEvent.pointerMove(grip, { pointerId: 1, clientX: 600, clientY: 700 });
    // Moves resize; the release asks for the size to be remembered, once.
    expect(sizes()).toEqual([
      { type: 'resize-window', width: 440, height: 620, persist: false },
      { type: 'resize-window', width: 480, height: 590, persist: false },
      { type: 'resize-window', width: 480, height: 590, persist: true },
    ]);
  });
});
