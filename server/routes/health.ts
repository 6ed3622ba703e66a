/** `GET /v1/health`: open to all, says which provider serves images and which model is the default. */
import { Hono } from 'hono';
import type { HealthResponse } from '../../contract/api';
import type { AppEnv } from '../http/middleware';
import type { ImageProvider } from '../providers/types';

export function healthRoutes(provider: ImageProvider, defaultModel: string) {
  return new Hono<AppEnv>().get('/', (c) => {
    const body: HealthResponse = {
      status: 'ok',
      version: __FIGMENT_VERSION__,
      provider: provider.kind,
      defaultModel,
    };
    return c.json(body);
  });
}
