/**
 * The backend as a Hono app: web-standard Request -> Response, so it runs on Node (server.ts) and on any
 * runtime Hono supports. Dependencies come in; nothing here reads the environment.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ROUTES } from '../contract/api';
import type { Config } from './config';
import { asFailure, failure, failureResponse } from './http/errors';
import { corsForPlugin, requestLog, requireAccessToken, type AppEnv } from './http/middleware';
import type { JobService } from './jobs/service';
import type { Logger } from './log';
import type { ImageProvider } from './providers/types';
import { generationRoutes } from './routes/generations';
import { healthRoutes } from './routes/health';
import { jobRoutes } from './routes/jobs';

export interface AppDeps {
  config: Config;
  provider: ImageProvider;
  jobs: JobService;
  logger: Logger;
}

/** JSON bodies carry a prompt of at most 32,000 characters plus a few fields. */
const JSON_BODY_LIMIT = 256 * 1024;

export function createApp({ config, provider, jobs, logger }: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requestLog(logger));
  app.use('*', corsForPlugin(config.corsOrigins));
  app.route(ROUTES.health, healthRoutes(provider, config.defaultModel));

  app.use('/v1/*', requireAccessToken(config.accessTokens));
  app.use(
    ROUTES.generations,
    bodyLimit({
      maxSize: JSON_BODY_LIMIT,
      onError: (c) => failureResponse(c, failure(413, 'payload_too_large', `The body exceeds ${JSON_BODY_LIMIT / 1024} KB.`)),
    }),
  );
  app.route(ROUTES.generations, generationRoutes(jobs, config));
  app.route(ROUTES.jobs, jobRoutes(jobs));

  app.notFound((c) => failureResponse(c, failure(404, 'not_found', `No route ${c.req.method} ${c.req.path}.`)));
  app.onError((error, c) => {
    const f = asFailure(error);
    if (f.status >= 500) c.var.log?.error('unhandled error', { error: error instanceof Error ? error.message : String(error) });
    return failureResponse(c, f);
  });
  return app;
}
