/**
 * Before any test file runs: stops at once, with one line saying what to do, when the Chromium the end-to-end
 * tests drive is missing (instead of every browser test timing out), then builds dist/ once (the e2e and process
 * tests run the built artifacts). FIGMENT_SKIP_BUILD=1 skips the build when iterating on tests that do not need it.
 */
import { buildAll } from '../build.mjs';
import { missingChromium } from './e2e/chromium';

export default async function setup(): Promise<void> {
  const problem = missingChromium();
  if (problem) {
    // One line, no stack: this is the newcomer's first `npm test`.
    process.stderr.write(`\n${problem}\n\n`);
    process.exit(1);
  }
  if (process.env.FIGMENT_SKIP_BUILD === '1') return;
  await buildAll();
}
