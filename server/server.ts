/** Serves the app on Node with @hono/node-server; tests start it on port 0 with their own config. */
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { costFromUsage } from '../core/cost';
import { findModel } from '../core/models';
import { createApp, limitsResolver } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import type { DiskStoreOptions } from './jobs/disk-store';
import { openStore } from './jobs/open-store';
import { JobQueries } from './jobs/queries';
import { JobRegistry } from './jobs/registry';
import { JobService } from './jobs/service';
import { restoreSpendFromLedger, UsageLimits } from './limits';
import { createLogger, type Logger } from './log';
import { openAIModeration, type ModerationCheck } from './moderation';
import { createDemoProvider } from './providers/demo';
import { azureCapabilities, azureClients, type AzureTokenProvider } from './providers/azure';
import { createOpenAIProvider, type Upstream } from './providers/openai';
import type { ImageProvider } from './providers/types';

export interface StartOptions {
  env?: Record<string, string | undefined>;
  /** Overrides applied on top of the config read from `env`. */
  config?: Partial<Config>;
  logger?: Logger;
  provider?: ImageProvider;
  /** With FIGMENT_PROVIDER=azure: a Microsoft Entra ID token provider (e.g. `@azure/identity`'s getBearerTokenProvider). */
  azureADTokenProvider?: AzureTokenProvider;
  /** Overrides the moderation check (tests); by default OpenAI's endpoint when a key is set. */
  moderation?: ModerationCheck;
  /** The job store's file write (tests inject disk failures such as ENOSPC). */
  storeWrite?: DiskStoreOptions['write'];
}

export interface RunningServer {
  url: string;
  config: Config;
  provider: ImageProvider;
  jobs: JobService;
  /** Stops taking requests, waits for running jobs up to `graceMs`, then closes every connection. */
  close(graceMs?: number): Promise<void>;
}

export function openAIClientFor(config: Config): OpenAI | undefined {
  if (!config.openaiApiKey) return undefined;
  return new OpenAI({
    apiKey: config.openaiApiKey,
    baseURL: config.openaiBaseUrl,
    timeout: config.upstreamTimeoutMs,
    // Image calls retry through providers/retry.ts (bounded in total, cancellable); moderation asks for one retry.
    maxRetries: 0,
  });
}

/** Azure OpenAI when configured, else OpenAI when a key is set, else none (the demo provider). */
export function upstreamFor(config: Config, azureADTokenProvider?: AzureTokenProvider): Upstream | undefined {
  if (config.azure) {
    try {
      const clientFor = azureClients(config.azure, { timeout: config.upstreamTimeoutMs, tokenProvider: azureADTokenProvider });
      return { kind: 'azure', clientFor, capabilities: azureCapabilities(config.azure, config.allowedModels) };
    } catch (error) {
      throw new ConfigError(error instanceof Error ? error.message : String(error));
    }
  }
  const client = openAIClientFor(config);
  return client && { kind: 'openai', clientFor: () => client };
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const config = { ...loadConfig(options.env ?? {}), ...options.config };
  const logger = options.logger ?? createLogger();
  const upstream = upstreamFor(config, options.azureADTokenProvider);
  const provider = options.provider ?? (upstream ? createOpenAIProvider(config, upstream) : createDemoProvider({ delayMs: config.demoDelayMs }));
  // Azure OpenAI has no moderation endpoint (its own content filters judge each request): the check is OpenAI's.
  const client = upstream?.kind === 'openai' ? upstream.clientFor(config.defaultModel) : undefined;
  const check = options.moderation ?? (client ? openAIModeration(client) : undefined);
  const { store, counters } = await openStore(config, logger, options.storeWrite);
  const limits = new UsageLimits(limitsResolver(config), counters);
  const interrupted = await store.markInterrupted();
  if (interrupted > 0) logger.warn('jobs interrupted by a restart', { count: interrupted });
  await store.prune();
  // Counts kept in memory start from the ledger; a database keeps them itself.
  if (!limits.durable) await restoreSpendFromLedger(limits, config.accessTokens.map((t) => t.name), (from, to) => store.readUsage(from, to));
  const pruneTimer = setInterval(() => void store.prune().catch(() => undefined), 3_600_000);
  // Typed as Node's Timeout here, a number where DOM typings are in scope (tests): unref it either way.
  (pruneTimer as unknown as { unref?: () => void }).unref?.();
  const registry = new JobRegistry();
  const queries = new JobQueries({ registry, store, history: config.history });
  const jobs = new JobService({
    provider,
    registry,
    store,
    logPrompts: config.logPrompts,
    moderation: { check, mode: config.moderation, images: config.moderateImages },
    limits,
    // Each job priced at its own model's rates, a team's models file included.
    costOf: (model, usage) => costFromUsage(findModel(model, config.catalogue) ?? model, usage),
  });
  const app = createApp({ config, provider, jobs, queries, logger, limits, moderationActive: check !== undefined });

  const server: ServerType = await new Promise((resolve, reject) => {
    const { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs } = config.guards;
    // Slow clients (slowloris) cannot hold connections: headers, the whole request and idle keep-alives are each
    // bounded, and Node checks them often enough for the bounds to hold (its default check runs every 30 s).
    const serverOptions = {
      headersTimeout: headersTimeoutMs,
      requestTimeout: Math.max(requestTimeoutMs, headersTimeoutMs),
      keepAliveTimeout: keepAliveTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(headersTimeoutMs / 4))),
    };
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host, serverOptions }, () => resolve(s));
    (s as { maxConnections?: number }).maxConnections = config.guards.maxConnections;
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  return {
    url: `http://${host}:${port}`,
    config: { ...config, port },
    provider,
    jobs,
    async close(graceMs = 10_000) {
      let isClosed = false;
      const closed = new Promise<void>((resolve) => server.close(() => resolve())).then(() => {
        isClosed = true;
      });
      clearInterval(pruneTimer);
      await jobs.drain(graceMs);
      // Let open streams send their last events and end by themselves, closing connections as they go idle,
      // before cutting what is left.
      for (let waited = 0; waited < 2_000 && !isClosed; waited += 50) {
        if ('closeIdleConnections' in server) server.closeIdleConnections();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      if ('closeAllConnections' in server) server.closeAllConnections();
      await closed;
      await store.close();
    },
  };
}
