import { useRef } from 'preact/hooks';
import type { UiToMain } from '../../contract/messages';
import { WINDOW_STEP, windowSize, type WindowSize } from '../../core/window-size';

const ARROWS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

/**
 * The window's bottom-right corner: drag it (the pointer is captured, so the drag survives leaving the grip) or
 * focus it and use the arrow keys. The main thread resizes the window as it goes, and remembers the size a drag ends
 * at (or each key step) for the next run.
 */
export function ResizeGrip({ post }: { post(message: UiToMain): void }) {
  /** The size last asked for: the window itself catches up only after the main thread has resized it. */
  const asked = useRef<WindowSize | null>(null);
  const drag = useRef<{ pointerId: number; x: number; y: number; from: WindowSize } | null>(null);
  const current = () => asked.current ?? { width: window.innerWidth, height: window.innerHeight };
  const resize = (wanted: WindowSize, persist: boolean) => {
    const size = windowSize(wanted);
    const last = current();
    if (size.width === last.width && size.height === last.height) return;
    asked.current = size;
    post({ type: 'resize-window', ...size, persist });
  };
  const end = (e: PointerEvent) => {
    const d = drag.current;
    if (d?.pointerId !== e.pointerId) return;
    drag.current = null;
    (e.currentTarget as HTMLElement).releasePointerCapture(e.pointerId);
    // Moves only resized the window; the size it ends at is the one to remember.
    const size = current();
    if (size.width !== d.from.width || size.height !== d.from.height) post({ type: 'resize-window', ...size, persist: true });
  };
  return (
    <button
      type="button"
      class="resize-grip"
      aria-label="Resize window"
      title="Resize window (drag, or arrow keys)"
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.preventDefault();
        e.currentTarget.setPointerCapture(e.pointerId);
        drag.current = { pointerId: e.pointerId, x: e.clientX, y: e.clientY, from: current() };
      }}
      onPointerMove={(e) => {
        const d = drag.current;
        if (d?.pointerId !== e.pointerId) return;
        resize({ width: d.from.width + e.clientX - d.x, height: d.from.height + e.clientY - d.y }, false);
      }}
      onPointerUp={end}
      onPointerCancel={end}
      onKeyDown={(e) => {
        const arrow = ARROWS[e.key];
        if (!arrow) return;
        e.preventDefault();
        const { width, height } = current();
        resize({ width: width + arrow[0] * WINDOW_STEP, height: height + arrow[1] * WINDOW_STEP }, true);
      }}
    />
  );
}
