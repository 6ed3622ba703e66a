/**
 * `node dist/server.mjs`: reads the environment, starts the backend, prints where it listens and the access
 * token to paste into the plugin, and shuts down gracefully on SIGINT/SIGTERM.
 */
import { ConfigError, modelWarnings } from './config';
import { createLogger } from './log';
import { startServer } from './server';

const logger = createLogger();

async function main(): Promise<void> {
  const running = await startServer({ env: process.env, logger });
  const { config } = running;
  const demo = running.provider.kind === 'demo';
  logger.info('figment backend listening', {
    url: running.url,
    provider: running.provider.kind,
    defaultModel: config.defaultModel,
    tokens: config.accessTokens.map((t) => t.name),
  });
  const lines = [
    '',
    `  Figment backend  ${running.url}`,
    demo
      ? '  DEMO MODE: no OPENAI_API_KEY is set, so placeholder images are drawn offline. Set OPENAI_API_KEY to call OpenAI.'
      : `  Provider: OpenAI (${config.openaiBaseUrl ?? 'https://api.openai.com/v1'}), default model ${config.defaultModel}`,
    config.generatedToken
      ? `  Access token for this run (paste it into the plugin's Settings): ${config.accessTokens[0]?.token}`
      : `  Access tokens: ${config.accessTokens.length} configured (${config.accessTokens.map((t) => t.name).join(', ')})`,
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
