/**
 * `node dist/server.mjs [--new-token]`: reads the environment, starts the backend, prints where it listens and the
 * access token to paste into the plugin, and shuts down gracefully on SIGINT/SIGTERM.
 *
 * Without configured tokens (`FIGMENT_ACCESS_TOKENS`, `FIGMENT_TOKENS_FILE`) the backend keeps one token in its data
 * directory and uses it on every start; `--new-token` (or `FIGMENT_NEW_TOKEN=1`) replaces it.
 */
import { ConfigError, loadConfig, modelWarnings } from './config';
import { createLogger } from './log';
import { startServer } from './server';
import { keptToken } from './tokens';

const logger = createLogger();

const NEW_TOKEN_FLAG = '--new-token';

async function main(): Promise<void> {
  const unknown = process.argv.slice(2).filter((arg) => arg !== NEW_TOKEN_FLAG);
  if (unknown.length > 0) throw new ConfigError(`unknown argument ${unknown.join(' ')} (the only one is ${NEW_TOKEN_FLAG})`);
  const renew = process.argv.includes(NEW_TOKEN_FLAG) || ['1', 'true'].includes(process.env.FIGMENT_NEW_TOKEN ?? '');

  const configured = loadConfig(process.env);
  const kept = configured.generatedToken ? keptToken(configured.dataDir, { renew }) : undefined;
  if (renew && !kept) logger.warn('--new-token ignored: access tokens are configured');
  const running = await startServer({
    env: process.env,
    logger,
    config: kept ? { accessTokens: [{ name: 'default', token: kept.token }] } : {},
  });
  const { config } = running;
  // Where the token is kept, never the token itself: logs travel further than the terminal.
  if (kept) logger.info(kept.created ? 'access token generated' : 'access token reused', { file: kept.path });
  const demo = running.provider.kind === 'demo';
  logger.info('figment backend listening', {
    url: running.url,
    provider: running.provider.kind,
    defaultModel: config.defaultModel,
    tokens: config.accessTokens.map((t) => t.name),
  });
  // Figma's networkAccess takes host names, not IP addresses, so the plugin reaches a loopback backend as localhost.
  const pluginUrl = running.url.replace(/^http:\/\/(127\.0\.0\.1|\[::1\])(?=:)/, 'http://localhost');
  const lines = [
    '',
    `  Figment backend  ${running.url}`,
    `  Backend URL for the plugin's Settings: ${pluginUrl}`,
    demo
      ? '  DEMO MODE: no OPENAI_API_KEY is set, so placeholder images are drawn offline. Set OPENAI_API_KEY to call OpenAI.'
      : config.azure
        ? `  Provider: Azure OpenAI (${config.azure.endpoint}, api-version ${config.azure.apiVersion}), default model ${config.defaultModel} on deployment ${config.azure.deployments[config.defaultModel]}`
        : `  Provider: OpenAI (${config.openaiBaseUrl ?? 'https://api.openai.com/v1'}), default model ${config.defaultModel}`,
    ...(kept
      ? [
          `  Access token (paste it into the plugin's Settings): ${kept.token}`,
          `  ${kept.created ? 'New, kept' : 'Kept'} in ${kept.path} for later starts; \`npm start -- ${NEW_TOKEN_FLAG}\` replaces it.`,
        ]
      : [`  Access tokens: ${config.accessTokens.length} configured (${config.accessTokens.map((t) => t.name).join(', ')})`]),
  ];
  // Models OpenAI is retiring: said at start-up, in the log and to the person starting the backend.
  for (const notice of modelWarnings(config, new Date().toISOString().slice(0, 10))) {
    logger.warn('model retiring', { notice });
    lines.push(`  WARNING: ${notice}`);
  }
  lines.push('');
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    running.close(30_000).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  // Diagnostics for load runs and benchmarks: `kill -USR2 <pid>` logs memory use, after a GC when Node was
  // started with --expose-gc.
  process.on('SIGUSR2', () => {
    (globalThis as { gc?: () => void }).gc?.();
    logger.info('memory', { ...process.memoryUsage() });
  });
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    logger.error('configuration error', { error: error.message });
  } else {
    logger.error('failed to start', { error: error instanceof Error ? error.message : String(error) });
  }
  process.exit(1);
});
