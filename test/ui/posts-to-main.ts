/**
 * For component tests (happy-dom): spies on what the UI posts to the main thread (`parent.postMessage`), fresh for
 * each test, and after each test unmounts what was rendered and undoes mocks and stubbed globals.
 */
import { cleanup } from '@testing-library/preact';
import { afterEach, beforeEach, vi, type MockInstance } from 'vitest';
import type { UiToMain } from '../../contract/messages';

export interface PostsToMain {
  /** The messages posted so far in this test, in order. */
  messages(): UiToMain[];
  /** The raw `postMessage` calls (message, target origin). */
  calls(): unknown[][];
}

export function watchPostsToMain(): PostsToMain {
  let spy: MockInstance | undefined;
  beforeEach(() => {
    spy = vi.spyOn(window.parent, 'postMessage').mockImplementation(() => undefined);
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });
  const calls = () => spy?.mock.calls ?? [];
  return { calls, messages: () => calls().map((c) => (c[0] as { pluginMessage: UiToMain }).pluginMessage) };
}
