/**
 * The backend as a Hono app: web-standard Request -> Response, so it runs on Node (server.ts) and on any
 * runtime Hono supports. Dependencies come in; nothing here reads the environment.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ROUTES } from '../contract/api';
import type { Config } from './config';
import { ApiFailure, asFailure, failure, failureResponse } from './http/errors';
import { corsForPlugin, requestLog, requireAccessToken, type AppEnv } from './http/middleware';
import { countRequests } from './http/admission';
import { IdempotencyKeys } from './http/idempotency';
import { ClientAbort } from './http/multipart';
import { boundedUploads, UploadGate } from './http/upload-gate';
import type { JobQueries } from './jobs/queries';
import type { JobService } from './jobs/service';
import type { TokenLimits, UsageLimits } from './limits';
import type { Logger } from './log';
import type { ImageProvider } from './providers/types';
import { configRoutes } from './routes/config';
import { editRoutes } from './routes/edits';
import { generationRoutes } from './routes/generations';
import { adminRoutes } from './routes/admin';
import { healthRoutes } from './routes/health';
import { jobRoutes } from './routes/jobs';
import { responsesRoutes } from './routes/responses';
import { translationRoutes } from './routes/translations';

export interface AppDeps {
  config: Config;
  provider: ImageProvider;
  jobs: JobService;
  queries: JobQueries;
  logger: Logger;
  limits: UsageLimits;
  moderationActive: boolean;
}

/** The backend-wide limits with a token's own overrides on top. */
export function limitsResolver(config: Config): (tokenName: string) => TokenLimits {
  const byName = new Map(config.accessTokens.map((t) => [t.name, t.limits ?? {}]));
  return (name) => ({ ...config.limits, ...byName.get(name) });
}

/** JSON bodies carry a prompt of at most 32,000 characters plus a few fields. */
const JSON_BODY_LIMIT = 256 * 1024;

const limitBody = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw failure(413, 'payload_too_large', `The body exceeds ${Math.round(maxSize / 1024)} KB.`);
    },
  });

export function createApp({ config, provider, jobs, queries, logger, limits, moderationActive }: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requestLog(logger));
  app.use('*', corsForPlugin(config.corsOrigins));
  app.route(ROUTES.health, healthRoutes(provider, config.defaultModel, jobs));

  // Mounted before the access-token check: the admin routes answer to the admin token alone.
  app.route('/v1/admin', adminRoutes(config.adminToken, jobs.store, config.guards.failedLoginsPerMinute));
  app.use('/v1/*', requireAccessToken(config.accessTokens, config.guards.failedLoginsPerMinute));
  // Paid requests are counted against the token's rate limit before their bodies are read; uploads then reserve
  // their size from a bound shared by all requests, and the caps are enforced while bodies stream in.
  const uploads = new UploadGate(config.guards.uploadMemoryBytes);
  const idempotency = new IdempotencyKeys();
  for (const route of [ROUTES.generations, ROUTES.edits, ROUTES.responses]) app.use(route, idempotency.middleware(queries), countRequests(limits));
  app.use(ROUTES.generations, limitBody(JSON_BODY_LIMIT));
  app.use(ROUTES.edits, boundedUploads(uploads, config.maxUploadBytes));
  app.route(ROUTES.edits, editRoutes(jobs, config, limits));
  // Responses bodies carry base64 images inline, so they get the upload cap.
  app.use(ROUTES.responses, boundedUploads(uploads, config.maxUploadBytes), limitBody(config.maxUploadBytes));
  app.route(ROUTES.responses, responsesRoutes(jobs, queries, config, limits));
  app.route(ROUTES.generations, generationRoutes(jobs, config, limits));
  app.use(ROUTES.translations, countRequests(limits), limitBody(JSON_BODY_LIMIT));
  app.route(ROUTES.translations, translationRoutes(provider, config.responsesModels, limits));
  app.route(ROUTES.config, configRoutes({ config, provider, limits, limitsFor: limitsResolver(config), moderationActive }));
  app.route(ROUTES.jobs, jobRoutes(queries));

  app.notFound((c) => failureResponse(c, failure(404, 'not_found', `No route ${c.req.method} ${c.req.path}.`)));
  app.onError((error, c) => {
    // A client that leaves mid-upload is not the backend failing; nobody is left to answer.
    if (error instanceof ClientAbort || c.req.raw.signal.aborted) {
      c.var.log?.info('client aborted the request', { route: c.req.path });
      return failureResponse(c, failure(400, 'invalid_request', 'The request was aborted by the client.'));
    }
    // An ApiFailure is an answer thrown on purpose; anything else is a bug, answered 500 without details.
    if (!(error instanceof ApiFailure)) c.var.log?.error('unhandled error', { error: error instanceof Error ? error.message : String(error) });
    return failureResponse(c, asFailure(error));
  });
  return app;
}
