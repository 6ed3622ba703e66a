/**
 * Backend configuration, read once from the environment. Pure: `loadConfig(env)` never touches
 * `process`, so tests build configs from plain objects.
 */
import { readFileSync } from 'node:fs';
import { JOB_HISTORIES, type JobHistory } from '../contract/api';
import { BUILT_IN_MODELS, DEFAULT_MODEL, findModel, mergeCatalogue, retiredMessage, retirementNotice, type ModelInfo } from '../core/models';
import type { TokenLimits } from './limits';
import { azureSettingsFrom, checkDeployed, type AzureSettings } from './providers/azure';
import { parseModelsFile } from './models-file';
import { generateToken, parseAccessTokens, parseTokensFile, type AccessToken } from './tokens';

export type ModerationMode = 'on' | 'off' | 'log-only';

export interface Config {
  port: number;
  host: string;
  /** The upstream key; absent means the offline demo provider serves requests. */
  openaiApiKey?: string;
  /** Honoured as the `openai` SDK does (`OPENAI_BASE_URL`). */
  openaiBaseUrl?: string;
  /** `FIGMENT_PROVIDER=azure`: Azure OpenAI instead of OpenAI (server/providers/azure.ts). */
  azure?: AzureSettings;
  accessTokens: AccessToken[];
  /** True when no tokens were configured and one was generated for this run (printed at start-up). */
  generatedToken: boolean;
  defaultModel: string;
  /** The team's pairing (FIGMENT_DRAFT_MODEL, FIGMENT_EDIT_MODEL): generations and variations, and edits. */
  draftModel: string;
  editModel: string;
  /** Models a request may name (the default, draft and edit models among them). */
  allowedModels: string[];
  /** Every model Figment knows: the built-in ones with FIGMENT_MODELS_FILE's entries over them. */
  catalogue: ModelInfo[];
  /** Mainline models the conversation engine (Responses API) may use; the first is the default. */
  responsesModels: string[];
  /** Extra browser origins allowed by CORS besides Figma's plugin iframe (`null`). */
  corsOrigins: string[];
  /** Upstream: wait for response headers at most this long (ms); high-quality images can take minutes. */
  upstreamTimeoutMs: number;
  /** Upstream: give up when a started stream sends nothing for this long (ms). */
  upstreamIdleMs: number;
  upstreamMaxRetries: number;
  /** Demo provider: pause between streamed events (ms). */
  demoDelayMs: number;
  /** Log prompt text (off by default: prompts can be confidential). */
  logPrompts: boolean;
  /** `FIGMENT_HISTORY`: whose jobs a token may list and read (its own by default, or the whole team's). */
  history: JobHistory;
  /** Limits for every token unless its entry in the tokens file overrides them. */
  limits: TokenLimits;
  moderation: ModerationMode;
  /** Also send uploaded images (edits) to the moderation endpoint. */
  moderateImages: boolean;
  /** Largest multipart edit body accepted (bytes). */
  maxUploadBytes: number;
  /** Folder of the job store. */
  dataDir: string;
  /** Finished jobs are kept this long (ms). */
  retentionMs: number;
  /** The job store's cap on disk use (bytes); the oldest finished jobs go first. */
  maxStoreBytes: number;
  /** `FIGMENT_DATABASE_URL`: jobs, limits and budgets in PostgreSQL, shared by instances; undefined: disk and memory. */
  databaseUrl?: string;
  /** `FIGMENT_INSTANCE_LEASE_MS`: with a database, how long a silent instance's running jobs stay its own. */
  instanceLeaseMs: number;
  /** Connection, login, upload and upstream-wait bounds (see `guardsFrom` below). */
  guards: Guards;
  /** `FIGMENT_ADMIN_TOKEN`: reads `GET /v1/admin/usage`; undefined turns that route off. */
  adminToken?: string;
}

export class ConfigError extends Error {}

function intFrom(env: Record<string, string | undefined>, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new ConfigError(`${name} must be an integer of at least ${min}, got "${raw}"`);
  }
  return value;
}

function listFrom(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function moderationFrom(raw: string | undefined): ModerationMode {
  const value = (raw ?? 'on').trim().toLowerCase();
  if (value === 'on' || value === 'off' || value === 'log-only') return value;
  throw new ConfigError(`FIGMENT_MODERATION must be on, off or log-only, got "${raw}"`);
}

function historyFrom(raw: string | undefined): JobHistory {
  const value = (raw ?? '').trim().toLowerCase() || 'own';
  if ((JOB_HISTORIES as readonly string[]).includes(value)) return value as JobHistory;
  throw new ConfigError(`FIGMENT_HISTORY must be ${JOB_HISTORIES.join(' or ')}, got "${raw}"`);
}

function spendFrom(env: Record<string, string | undefined>, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!(value > 0)) throw new ConfigError(`${name} must be a positive number, got "${raw}"`);
  return value;
}

function tokensFrom(env: Record<string, string | undefined>, readText: (path: string) => string): AccessToken[] {
  const fromEnv = parseAccessTokens(env.FIGMENT_ACCESS_TOKENS ?? '');
  const file = env.FIGMENT_TOKENS_FILE?.trim();
  if (!file) return fromEnv;
  try {
    return [...fromEnv, ...parseTokensFile(readText(file))];
  } catch (error) {
    throw new ConfigError(`FIGMENT_TOKENS_FILE ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function catalogueFrom(env: Record<string, string | undefined>, readText: (path: string) => string): ModelInfo[] {
  const file = env.FIGMENT_MODELS_FILE?.trim();
  if (!file) return [...BUILT_IN_MODELS];
  try {
    return mergeCatalogue(BUILT_IN_MODELS, parseModelsFile(readText(file), BUILT_IN_MODELS));
  } catch (error) {
    throw new ConfigError(`FIGMENT_MODELS_FILE ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A configured model must be one Figment knows and OpenAI still serves on `today`. */
function checkedModel(variable: string, id: string, catalogue: ModelInfo[], today: string): string {
  const retired = retiredMessage(id, today, catalogue);
  if (retired) throw new ConfigError(`${variable}: ${retired}`);
  if (!findModel(id, catalogue)) throw new ConfigError(`${variable} names "${id}", not a GPT Image model Figment knows (add it with FIGMENT_MODELS_FILE)`);
  return id;
}

/** Start-up warnings: every configured model OpenAI shuts down within 60 days of `today`. */
export function modelWarnings(config: Pick<Config, 'allowedModels' | 'catalogue'>, today: string): string[] {
  return config.allowedModels.flatMap((id) => retirementNotice(id, today, 60, config.catalogue) ?? []);
}

export function loadConfig(
  env: Record<string, string | undefined>,
  readText: (path: string) => string = (path) => readFileSync(path, 'utf8'),
  today: string = new Date().toISOString().slice(0, 10),
): Config {
  const configured = tokensFrom(env, readText);
  for (const t of configured) {
    // A short token can be guessed; the tokens file already demands 16 characters, so does the variable.
    if (t.token.length < MIN_TOKEN_CHARS) throw new ConfigError(`access token "${t.name}" must be at least ${MIN_TOKEN_CHARS} characters`);
  }
  const names = new Set<string>();
  for (const t of configured) {
    if (names.has(t.name)) throw new ConfigError(`access token name "${t.name}" is used twice`);
    names.add(t.name);
  }
  const generatedToken = configured.length === 0;
  const accessTokens = generatedToken
    ? [{ name: 'default', token: generateToken() }]
    : configured;

  const catalogue = catalogueFrom(env, readText);
  const defaultModel = checkedModel('FIGMENT_MODEL', env.FIGMENT_MODEL?.trim() || DEFAULT_MODEL, catalogue, today);
  const draftModel = checkedModel('FIGMENT_DRAFT_MODEL', env.FIGMENT_DRAFT_MODEL?.trim() || defaultModel, catalogue, today);
  const editModel = checkedModel('FIGMENT_EDIT_MODEL', env.FIGMENT_EDIT_MODEL?.trim() || defaultModel, catalogue, today);
  const listed = listFrom(env.FIGMENT_ALLOWED_MODELS).map((id) => checkedModel('FIGMENT_ALLOWED_MODELS', id, catalogue, today));
  // The default first, then the pairing, then the rest as listed; each once.
  const allowedModels = [...new Set([defaultModel, draftModel, editModel, ...listed])];

  const azure = azureFrom(env, catalogue, { FIGMENT_MODEL: defaultModel, FIGMENT_DRAFT_MODEL: draftModel, FIGMENT_EDIT_MODEL: editModel });

  const port = intFrom(env, 'PORT', 8787);
  if (port > 65535) throw new ConfigError(`PORT must be at most 65535, got ${port}`);

  return {
    port,
    host: env.HOST?.trim() || '127.0.0.1',
    openaiApiKey: env.OPENAI_API_KEY?.trim() || undefined,
    openaiBaseUrl: env.OPENAI_BASE_URL?.trim() || undefined,
    azure,
    accessTokens,
    generatedToken,
    defaultModel,
    draftModel,
    editModel,
    allowedModels,
    catalogue,
    responsesModels: listFrom(env.FIGMENT_RESPONSES_MODELS ?? 'gpt-5.5'),
    corsOrigins: listFrom(env.FIGMENT_CORS_ORIGINS),
    upstreamTimeoutMs: intFrom(env, 'FIGMENT_UPSTREAM_TIMEOUT_MS', 360_000, 1),
    upstreamIdleMs: intFrom(env, 'FIGMENT_UPSTREAM_IDLE_MS', 180_000, 1),
    upstreamMaxRetries: intFrom(env, 'FIGMENT_UPSTREAM_MAX_RETRIES', 2),
    demoDelayMs: intFrom(env, 'FIGMENT_DEMO_DELAY_MS', 400),
    logPrompts: env.FIGMENT_LOG_PROMPTS === '1' || env.FIGMENT_LOG_PROMPTS === 'true',
    history: historyFrom(env.FIGMENT_HISTORY),
    limits: {
      requestsPerMinute: intFrom(env, 'FIGMENT_RATE_LIMIT_RPM', 30, 1),
      imagesPerDay: intFrom(env, 'FIGMENT_IMAGES_PER_DAY', 500, 1),
      spendPerDayUsd: spendFrom(env, 'FIGMENT_SPEND_PER_DAY_USD'),
      spendPerMonthUsd: spendFrom(env, 'FIGMENT_SPEND_PER_MONTH_USD'),
    },
    moderation: moderationFrom(env.FIGMENT_MODERATION),
    moderateImages: env.FIGMENT_MODERATE_IMAGES === '1' || env.FIGMENT_MODERATE_IMAGES === 'true',
    maxUploadBytes: intFrom(env, 'FIGMENT_MAX_UPLOAD_MB', 64, 1) * 1024 * 1024,
    dataDir: env.FIGMENT_DATA_DIR?.trim() || '.figment-data',
    retentionMs: intFrom(env, 'FIGMENT_RETENTION_HOURS', 24 * 7, 1) * 3_600_000,
    maxStoreBytes: intFrom(env, 'FIGMENT_MAX_STORE_MB', 2048, 1) * 1024 * 1024,
    databaseUrl: databaseUrlFrom(env.FIGMENT_DATABASE_URL),
    instanceLeaseMs: intFrom(env, 'FIGMENT_INSTANCE_LEASE_MS', 15_000, 300),
    guards: guardsFrom(env),
    adminToken: adminTokenFrom(env.FIGMENT_ADMIN_TOKEN, accessTokens),
  };
}

/* ---- Several instances on PostgreSQL (issue 17) ---- */

/** `FIGMENT_DATABASE_URL`: a `postgres://` URL; the error never repeats it (it may hold a password). */
function databaseUrlFrom(raw: string | undefined): string | undefined {
  const url = raw?.trim();
  if (!url) return undefined;
  if (!/^postgres(ql)?:\/\/./.test(url)) throw new ConfigError('FIGMENT_DATABASE_URL must be a postgres:// or postgresql:// URL');
  return url;
}

/* ---- Azure OpenAI (issue 17) ---- */

/** `FIGMENT_PROVIDER`: `openai` (the default) or `azure`; the models used without a choice must be deployed. */
function azureFrom(env: Record<string, string | undefined>, catalogue: ModelInfo[], required: Record<string, string>): AzureSettings | undefined {
  const provider = (env.FIGMENT_PROVIDER ?? 'openai').trim().toLowerCase() || 'openai';
  if (provider === 'openai') return undefined;
  if (provider !== 'azure') throw new ConfigError(`FIGMENT_PROVIDER must be openai or azure, got "${env.FIGMENT_PROVIDER}"`);
  try {
    const settings = azureSettingsFrom(env, (id) => findModel(id, catalogue) !== undefined);
    checkDeployed(settings, required);
    return settings;
  } catch (error) {
    throw new ConfigError(error instanceof Error ? error.message : String(error));
  }
}

/* ---- Spend a finance team can read (issue 17) ---- */

/** `FIGMENT_ADMIN_TOKEN`: reads `/v1/admin/usage`; as long as an access token, and never one of them. */
function adminTokenFrom(raw: string | undefined, accessTokens: readonly AccessToken[]): string | undefined {
  const token = raw?.trim();
  if (!token) return undefined;
  if (token.length < MIN_TOKEN_CHARS || /\s/.test(token)) throw new ConfigError(`FIGMENT_ADMIN_TOKEN must be at least ${MIN_TOKEN_CHARS} characters, without spaces`);
  if (accessTokens.some((t) => t.token === token)) throw new ConfigError('FIGMENT_ADMIN_TOKEN must differ from every access token');
  return token;
}

/* ---- Guards against hostile or unlucky clients and upstreams (issue 13) ---- */

export const MIN_TOKEN_CHARS = 16;

export interface Guards {
  /** Node's `headersTimeout`: a client has this long to send its request headers (slowloris). */
  headersTimeoutMs: number;
  /** Node's `requestTimeout`: a client has this long to send its whole request, body included. */
  requestTimeoutMs: number;
  /** Node's `keepAliveTimeout`: an idle kept-alive connection is closed after this long. */
  keepAliveTimeoutMs: number;
  /** Open connections at most; more are refused at once. */
  maxConnections: number;
  /** Failed access-token attempts per client address per minute before it must wait. */
  failedLoginsPerMinute: number;
  /** Bytes of upload bodies being read at once, across all requests; more wait their turn with a 503. */
  uploadMemoryBytes: number;
  /** The most one request may spend on upstream calls, all retries and waits included (ms). */
  upstreamTotalMs: number;
  /** The longest `Retry-After` from OpenAI that is honoured (s); longer ones end the request with a 429. */
  maxRetryAfterS: number;
}

export function guardsFrom(env: Record<string, string | undefined>): Guards {
  return {
    headersTimeoutMs: intFrom(env, 'FIGMENT_HEADERS_TIMEOUT_MS', 10_000, 100),
    requestTimeoutMs: intFrom(env, 'FIGMENT_REQUEST_TIMEOUT_MS', 120_000, 100),
    keepAliveTimeoutMs: intFrom(env, 'FIGMENT_KEEPALIVE_TIMEOUT_MS', 5_000, 100),
    maxConnections: intFrom(env, 'FIGMENT_MAX_CONNECTIONS', 1_000, 1),
    failedLoginsPerMinute: intFrom(env, 'FIGMENT_FAILED_LOGINS_PER_MINUTE', 10, 1),
    uploadMemoryBytes: intFrom(env, 'FIGMENT_UPLOAD_MEMORY_MB', 256, 1) * 1024 * 1024,
    upstreamTotalMs: intFrom(env, 'FIGMENT_UPSTREAM_TOTAL_MS', 600_000, 1),
    maxRetryAfterS: intFrom(env, 'FIGMENT_MAX_RETRY_AFTER_S', 30, 0),
  };
}
