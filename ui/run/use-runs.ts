/** The session's runs as a Preact hook: one runner for the session, its runs re-rendered as they change. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { MainToUi } from '../../contract/messages';
import type { BackendClient } from '../api/client';
import { postToMain } from '../bridge';
import { createObjectUrls } from '../object-urls';
import { createInputReader } from './edit-input';
import { isActive } from './run';
import { Runner } from './runner';

export function useRuns(client: BackendClient | null) {
  const [current] = useState(() => ({ client }));
  current.client = client;
  const reader = useMemo(() => createInputReader(postToMain), []);
  const runner = useMemo(() => new Runner({ client: () => current.client, post: postToMain, readInput: reader.read, urls: createObjectUrls() }), [current, reader]);
  const [runs, setRuns] = useState(runner.runs);
  useEffect(() => {
    const off = runner.subscribe(() => setRuns(runner.runs));
    return () => {
      off();
      runner.dispose();
    };
  }, [runner]);

  /** The main thread's answers about runs: what an edit starts from, and whether an image was placed. */
  const handlers = {
    'edit-input': (m: Extract<MainToUi, { type: 'edit-input' }>) => reader.answer(m),
    'edit-input-failed': (m: Extract<MainToUi, { type: 'edit-input-failed' }>) => reader.answer(m),
    applied: (m: Extract<MainToUi, { type: 'applied' }>) => runner.answer(m),
    'apply-failed': (m: Extract<MainToUi, { type: 'apply-failed' }>) => runner.answer(m),
  };
  /** The chat's word on whether a run's row is near the view: release its images far away, load them back near. */
  const shown = useMemo(() => (id: string, near: boolean) => (near ? void runner.reload(id) : runner.release(id)), [runner]);
  return { runs, runner, busy: runs.some(isActive), handlers, shown };
}

export type RunsState = ReturnType<typeof useRuns>;
