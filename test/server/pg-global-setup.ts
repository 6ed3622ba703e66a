/**
 * Starts one private PostgreSQL cluster for the whole test run (see pg-cluster.ts) and hands its URL to the
 * test files (`inject('pgUrl')`); each PostgreSQL test file makes its own database in it. Without PostgreSQL the
 * URL is empty and `pgSkipReason` says why; those tests are then skipped, and say so (pg-helpers.ts).
 */
import type { TestProject } from 'vitest/node';
import { pgBinaries, startPgCluster } from './pg-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
    pgSkipReason: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const found = pgBinaries();
  if ('missing' in found) {
    project.provide('pgUrl', '');
    project.provide('pgSkipReason', found.missing);
    process.stderr.write(`\nPostgreSQL tests will be SKIPPED: ${found.missing}\n\n`);
    return () => undefined;
  }
  const cluster = await startPgCluster();
  project.provide('pgUrl', cluster.url);
  project.provide('pgSkipReason', '');
  return () => cluster.stop();
}
