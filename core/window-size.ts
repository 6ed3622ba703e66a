/** The plugin window's size: the bounds it is kept within and its default. Pure; both sides of the bridge use it. */

export interface WindowSize {
  width: number;
  height: number;
}

/** Where the main thread remembers it, per user and machine (`figma.clientStorage`). */
export const WINDOW_KEY = 'figment.window';

const MIN_WIDTH = 300;
const MAX_WIDTH = 1200;
const MIN_HEIGHT = 400;
const MAX_HEIGHT = 1200;
const DEFAULT_WINDOW: WindowSize = { width: 380, height: 620 };
/** One arrow key press on the resize grip, in pixels. */
export const WINDOW_STEP = 16;

// Kept small: the main thread bundles this (dist/code.js has a size budget).
const fit = (v: unknown, min: number, max: number, fallback: number): number => Math.round(Math.min(max, Math.max(min, Number(v) || fallback)));

/** A sane window size from anything (a message, what clientStorage held): clamped, whole pixels, else the default. */
export function windowSize(value: unknown): WindowSize {
  const v = Object(value) as Partial<Record<keyof WindowSize, unknown>>;
  return { width: fit(v.width, MIN_WIDTH, MAX_WIDTH, DEFAULT_WINDOW.width), height: fit(v.height, MIN_HEIGHT, MAX_HEIGHT, DEFAULT_WINDOW.height) };
}
