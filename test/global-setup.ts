/** Builds dist/ once before any test file runs: the e2e and process tests run the built artifacts. */
import { buildAll } from '../build.mjs';

export default async function setup(): Promise<void> {
  await buildAll();
}
