/**
 * Builds dist/ once before any test file runs: the e2e and process tests run the built artifacts.
 * FIGMENT_SKIP_BUILD=1 skips it when iterating on tests that do not need dist/.
 */
import { buildAll } from '../build.mjs';

export default async function setup(): Promise<void> {
  if (process.env.FIGMENT_SKIP_BUILD === '1') return;
  await buildAll();
}
