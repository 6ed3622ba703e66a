import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import { networkOf } from './build.mjs';

const manifest = JSON.parse(readFileSync(new URL('./manifest.json', import.meta.url), 'utf8'));

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  define: { __FIGMENT_VERSION__: JSON.stringify('test'), __FIGMENT_NETWORK__: JSON.stringify(networkOf(manifest)) },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    // The second starts a private PostgreSQL cluster for the PostgreSQL tests (skipped, with a reason, without one).
    globalSetup: ['test/global-setup.ts', 'test/server/pg-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits for something to happen (a job to finish, a control to appear), never to time it: on a
    // loaded two-core machine that takes longer than vitest's 1 s default.
    expect: { poll: { timeout: 10_000 } },
    // e2e suites each launch Chromium; two cores do not like more than two at once.
    maxWorkers: 2,
  },
});
