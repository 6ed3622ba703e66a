/**
 * The job store and the limit counters this backend runs with: PostgreSQL when `FIGMENT_DATABASE_URL` is set
 * (shared by every instance on that database), else a folder on disk and counters in memory (one instance).
 */
import type { Config } from '../config';
import { MemoryCounters, type LimitCounters } from '../limit-counters';
import type { Logger } from '../log';
import { DiskJobStore, type DiskStoreOptions } from './disk-store';
import { PgCounters } from './pg-counters';
import { PgJobStore } from './pg-store';
import type { JobStore } from './store';

export async function openStore(config: Config, logger: Logger, write?: DiskStoreOptions['write']): Promise<{ store: JobStore; counters: LimitCounters }> {
  if (config.databaseUrl) {
    const store = new PgJobStore({
      url: config.databaseUrl,
      retentionMs: config.retentionMs,
      maxBytes: config.maxStoreBytes,
      leaseMs: config.instanceLeaseMs,
      onError: (error) => logger.error('database', { error: error instanceof Error ? error.message : String(error) }),
      onInterrupted: (count) => logger.warn('jobs interrupted: their instance stopped', { count }),
    });
    try {
      await store.init();
    } catch (error) {
      await store.close().catch(() => undefined);
      throw error;
    }
    logger.info('job store: PostgreSQL', { instance: store.instance.id });
    return { store, counters: new PgCounters(store.pool) };
  }
  const store = new DiskJobStore({ dir: config.dataDir, retentionMs: config.retentionMs, maxBytes: config.maxStoreBytes, write });
  await store.init();
  return { store, counters: new MemoryCounters() };
}
