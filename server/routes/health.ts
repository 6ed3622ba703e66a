/** `GET /v1/health`: open to all; the provider, default model, job store and upstream state. */
import { Hono } from 'hono';
import type { HealthResponse } from '../../contract/api';
import type { AppEnv } from '../http/middleware';
import type { JobService } from '../jobs/service';
import type { ImageProvider } from '../providers/types';
import { VERSION } from '../version';

export function healthRoutes(provider: ImageProvider, defaultModel: string, jobs: JobService) {
  return new Hono<AppEnv>().get('/', async (c) => {
    const store = await jobs.store.health();
    const upstream = jobs.upstream.state();
    const body: HealthResponse = {
      status: store.ok && upstream.state !== 'failing' ? 'ok' : 'degraded',
      version: VERSION,
      provider: provider.kind,
      defaultModel,
      store,
      upstream,
      runningJobs: jobs.registry.running().length,
    };
    return c.json(body);
  });
}
