/**
 * The HTTP contract between the plugin UI (`ui/`) and the Figment backend (`server/`).
 *
 * The image routes speak OpenAI's Images API wire format (OpenAI's spec; tests read its extract, test/spec/openai-schemas.json:
 * `CreateImageRequest`, `ImagesResponse`, `ImageGenPartialImageEvent`, `ImageGenCompletedEvent`, `Error`),
 * so any OpenAI client pointed at the backend works. Figment-only routes and headers are typed here too.
 */

export const ROUTES = {
  health: '/v1/health',
  config: '/v1/config',
  generations: '/v1/images/generations',
  edits: '/v1/images/edits',
  responses: '/v1/responses',
  jobs: '/v1/jobs',
  /** Texts translated into languages by the backend's text model (issue 16's Localise). */
  translations: '/v1/translations',
  /** Admin only (FIGMENT_ADMIN_TOKEN, not an access token): spend per token name. */
  adminUsage: '/v1/admin/usage',
} as const;

/** Response header carrying the backend's job id, on streaming and JSON answers alike. */
export const JOB_ID_HEADER = 'x-figment-job-id';
/** Response header carrying the request id (also in every log line for that request). */
export const REQUEST_ID_HEADER = 'x-request-id';
/**
 * Set on a non-streaming image answer that carries fewer images than asked for, or images the backend could not
 * store: `<delivered>/<requested>`. The body's `figment` field says why.
 */
export const INCOMPLETE_HEADER = 'x-figment-incomplete';
/**
 * On POSTs that start a job: the same key (per access token, within IDEMPOTENCY_WINDOW_MS) answers from the job
 * the first request started instead of starting another, so a client retry never pays twice.
 */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const IDEMPOTENCY_WINDOW_MS = 3_600_000;
/**
 * `GET /v1/jobs/{id}/events`: a job's events as SSE, to resume a broken stream. Final images carry SSE ids
 * 1, 2, ...; send the last one seen as `Last-Event-ID` to receive only the rest (and the job's error, if it failed).
 */
export const jobEventsPath = (jobId: string) => `${ROUTES.jobs}/${jobId}/events`;

export type Provider = 'openai' | 'azure' | 'demo';

export interface HealthResponse {
  status: 'ok' | 'degraded';
  version: string;
  provider: Provider;
  /** The model used when a request names none. */
  defaultModel: string;
  /** The job store: reachable, how many jobs and bytes it holds. */
  store?: { ok: boolean; jobs: number; bytes: number };
  /** What the last upstream calls did; `degraded` when the latest one failed on OpenAI's side. */
  upstream?: { state: 'unknown' | 'ok' | 'failing'; lastOkAt?: string; lastError?: string; lastErrorAt?: string };
  /** Jobs running now. */
  runningJobs?: number;
}

/** `xhigh` and `max`: GPT Image 2.5 and 2.6 only (a Figment extension of the Aug-2026 spec, see core/models.ts). */
export const QUALITIES = ['low', 'medium', 'high', 'xhigh', 'max', 'auto'] as const;
export type Quality = (typeof QUALITIES)[number];
/** The qualities a request names outright (what `auto` leaves to the model), cheapest first. */
export const CONCRETE_QUALITIES = ['low', 'medium', 'high', 'xhigh', 'max'] as const satisfies readonly Quality[];
export type ConcreteQuality = (typeof CONCRETE_QUALITIES)[number];
export type ImageQuality = Quality;
/** GPT Image 2.6's `complexity` (how busy the image is); omitted means `high`. */
export const COMPLEXITIES = ['low', 'medium', 'high'] as const;
export type Complexity = (typeof COMPLEXITIES)[number];
export const OUTPUT_FORMATS = ['png', 'jpeg', 'webp'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
export const BACKGROUNDS = ['transparent', 'opaque', 'auto'] as const;
export type Background = (typeof BACKGROUNDS)[number];
/** OpenAI's `moderation` strictness for GPT Image requests. */
export const MODERATIONS = ['auto', 'low'] as const;
export type Moderation = (typeof MODERATIONS)[number];
/** OpenAI's `input_fidelity` for edits. */
export const INPUT_FIDELITIES = ['high', 'low'] as const;
export type InputFidelity = (typeof INPUT_FIDELITIES)[number];

/** Dollars per 1M tokens, per kind of token. */
export interface TokenPrices {
  textIn: number;
  textCachedIn?: number;
  imageIn: number;
  imageCachedIn?: number;
  imageOut: number;
}

/** One GPT Image model's capabilities: the catalogue's entry (core/models.ts), as `/v1/config` lists it. */
export interface ModelCapabilities {
  id: string;
  label: string;
  /** What a designer would pick it for, in a few words. */
  goodFor: string;
  /** `flexible`: any `WxH` within the gpt-image-2 family's limits (core/sizing); `fixed`: only `sizes`. */
  sizing: 'flexible' | 'fixed';
  sizes?: readonly string[];
  /** The qualities it accepts besides `auto`, cheapest first. */
  qualities: readonly ConcreteQuality[];
  /** `complexity` values it accepts; empty when it takes no `complexity`. */
  complexities: readonly Complexity[];
  transparentBackground: boolean;
  /** `input_fidelity` may be sent (gpt-image-2 must omit it: it always uses high fidelity). */
  inputFidelity: boolean;
  /** Most images one edit may carry (the frame's own plus references). */
  maxEditImages: number;
  outputFormats: readonly OutputFormat[];
  prices: TokenPrices;
  /** Output tokens per quality relative to gpt-image-2's (xhigh and max relative to its high); 1 when absent. */
  outputTokenScale?: Partial<Record<ConcreteQuality, number>>;
  /** Typical seconds per image, [fast, slow], for each quality it offers. */
  latencySeconds: Partial<Record<ConcreteQuality, readonly [number, number]>>;
  /** ISO date OpenAI stops serving it, when announced, and what to move to. */
  retiresOn?: string;
  replacement?: string;
}

/** Body of `POST /v1/images/generations` (a subset of OpenAI's `CreateImageRequest`). */
export interface GenerateImageRequest {
  prompt: string;
  model?: string;
  /** `WxH`, or `auto`. */
  size?: string;
  quality?: ImageQuality;
  /** GPT Image 2.6 only. */
  complexity?: Complexity;
  n?: number;
  output_format?: OutputFormat;
  output_compression?: number;
  background?: Background;
  moderation?: Moderation;
  stream?: boolean;
  partial_images?: number;
  user?: string;
}

/** Fields of `POST /v1/images/edits` besides its files (OpenAI's `CreateImageEditRequest`), sent as multipart text. */
export type EditImageRequest = Omit<GenerateImageRequest, 'moderation'> & { input_fidelity?: InputFidelity };

/** The files of `POST /v1/images/edits` (PNG bytes): `image[]`, the image to edit first, then references; `mask`. */
export interface EditImageFiles {
  images: readonly Uint8Array[];
  mask?: Uint8Array;
}

/** OpenAI's `ImageGenUsage` / `ImagesUsage`. */
export interface ImageUsage {
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  input_tokens_details?: { text_tokens: number; image_tokens: number };
  output_tokens_details?: { text_tokens?: number; image_tokens?: number };
}

/** OpenAI's `ImagesResponse` (the non-streaming answer). */
export interface ImagesResponse {
  created: number;
  data?: Array<{ b64_json?: string; revised_prompt?: string; url?: string }>;
  background?: 'transparent' | 'opaque';
  output_format?: OutputFormat;
  size?: string;
  quality?: Exclude<ImageQuality, 'auto'>;
  usage?: ImageUsage;
  /** Figment's addition, present only when the answer is incomplete (see INCOMPLETE_HEADER). */
  figment?: IncompleteAnswer;
}

export interface IncompleteAnswer {
  requested: number;
  delivered: number;
  /** Why the missing images are missing. */
  error?: ApiError;
  /** Why the delivered images are not kept by the backend (see JobInfo.unsaved). */
  unsaved?: string;
}

interface ImageEventCommon {
  b64_json: string;
  created_at: number;
  size: string;
  quality: string;
  background: string;
  output_format: string;
}

/** OpenAI's `ImageGenPartialImageEvent` / `ImageEditPartialImageEvent`. */
export interface PartialImageEvent extends ImageEventCommon {
  type: 'image_generation.partial_image' | 'image_edit.partial_image';
  partial_image_index: number;
}

/** OpenAI's `ImageGenCompletedEvent` / `ImageEditCompletedEvent`. */
export interface CompletedImageEvent extends ImageEventCommon {
  type: 'image_generation.completed' | 'image_edit.completed';
  usage: ImageUsage;
}

/** An `error` SSE event: the stream ends with it when the job fails after the stream started. */
export interface ErrorEvent {
  type: 'error';
  error: ApiError;
}

export type ImageStreamEvent = PartialImageEvent | CompletedImageEvent | ErrorEvent;

/** OpenAI's `Error` object; Figment's own failures use the same shape with the codes below. */
export interface ApiError {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
  /** Present on content-policy refusals (OpenAI's and Figment's own moderation). */
  moderation_details?: { moderation_stage?: string; categories?: string[] };
}

/** OpenAI's `ErrorResponse`. */
export interface ErrorResponse {
  error: ApiError;
}

/** Figment's own error codes (OpenAI's codes, such as `moderation_blocked`, pass through unchanged). */
export const ERROR_CODES = {
  missingToken: 'missing_access_token',
  invalidToken: 'invalid_access_token',
  invalidRequest: 'invalid_request',
  unsupportedModel: 'unsupported_model',
  /** The model was shut down by OpenAI; the message names the date and the replacement. */
  modelRetired: 'model_retired',
  invalidSize: 'invalid_size',
  moderationBlocked: 'moderation_blocked',
  rateLimited: 'rate_limited',
  budgetExceeded: 'budget_exceeded',
  payloadTooLarge: 'payload_too_large',
  upstreamError: 'upstream_error',
  upstreamTimeout: 'upstream_timeout',
  upstreamAuth: 'upstream_auth_failed',
  notFound: 'not_found',
  jobCancelled: 'job_cancelled',
  jobInterrupted: 'job_interrupted',
  internal: 'internal_error',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

export const JOB_STATUSES = ['running', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** One job as `GET /v1/jobs` and `GET /v1/jobs/{id}` describe it (Figment's own routes). */
export interface JobInfo {
  id: string;
  kind: 'generation' | 'edit' | 'conversation';
  status: JobStatus;
  /** Unix milliseconds. */
  createdAt: number;
  finishedAt?: number;
  model: string;
  size: string;
  quality: string;
  n: number;
  /** The prompt, only when the backend's team keeps prompts (`FIGMENT_LOG_PROMPTS=1`); absent by default. */
  prompt?: string;
  /** The name of the access token that ran the job (a person or a team); absent from older backends. */
  owner?: string;
  /** Final images kept by the backend; fetch each from `url` (same access token). */
  images: Array<{ index: number; size: string; url: string }>;
  usage?: ImageUsage;
  error?: ApiError;
  /** Set when the backend could not keep the job's images (a full disk): they were relayed but are not stored. */
  unsaved?: string;
}

export interface JobList {
  data: JobInfo[];
}

export const jobImagePath = (jobId: string, index: number) => `${ROUTES.jobs}/${jobId}/images/${index}`;

/**
 * Whose jobs a token reads (`FIGMENT_HISTORY`): `own`, only the jobs it ran; `team`, every token's (each named by
 * JobInfo.owner). Cancelling is always the owner's alone.
 */
export const JOB_HISTORIES = ['own', 'team'] as const;
export type JobHistory = (typeof JOB_HISTORIES)[number];

/** `GET /v1/config`: what this backend allows the plugin's token, and what is left of its budget. */
export interface BackendConfig {
  provider: Provider;
  defaultModel: string;
  /** The team's pairing: the model for fresh generations and variations, and the one for edits. */
  draftModel: string;
  editModel: string;
  /** The allowed models with their capabilities (the default first). */
  models: ModelCapabilities[];
  limits: {
    requestsPerMinute: number;
    imagesPerDay: number;
    spendPerDayUsd: number | null;
    /** Optional: backends before issue 17 do not send it. */
    spendPerMonthUsd?: number | null;
    maxImagesPerRequest: number;
    maxPromptChars: number;
  };
  remaining: {
    requestsThisMinute: number;
    imagesToday: number;
    spendTodayUsd: number | null;
    dailyResetAt: string;
    /** Dollars left this calendar month (UTC); null without a monthly cap (absent from older backends). */
    spendThisMonthUsd?: number | null;
  };
  moderation: 'on' | 'off' | 'log-only';
  /** What this backend cannot offer that OpenAI can (Azure OpenAI lacks some features); absent from older backends. */
  capabilities?: BackendCapabilities;
  /** The name of the access token asking (JobInfo.owner of its jobs); absent from older backends. */
  tokenName?: string;
  /** Whose jobs `GET /v1/jobs` lists (see JobHistory); absent from older backends, which list only the token's own. */
  history?: JobHistory;
}

/** Features the backend's upstream lacks, each with the reason to show beside the greyed-out control. */
export interface BackendCapabilities {
  /** Set when the conversation engine (`POST /v1/responses`) cannot be used here: why. */
  conversationUnavailable?: string;
  /** Allowed models this backend cannot serve (Azure: no deployment for them), by id: why. */
  modelsUnavailable: Record<string, string>;
  /** Set when `POST /v1/translations` cannot be used here: why. */
  translationsUnavailable?: string;
}

/** `POST /v1/translations`: every text into every language (names or codes as typed: "French", "pt-BR"). */
export interface TranslationRequest {
  texts: string[];
  languages: string[];
  /** One of the backend's text models (FIGMENT_RESPONSES_MODELS); its first when absent. */
  model?: string;
}

export interface TranslationResponse {
  model: string;
  /** One entry per requested language, in the order asked; `texts[i]` translates the request's `texts[i]`. */
  translations: Array<{ language: string; texts: string[] }>;
}

/** What one translation request may carry. */
export const TRANSLATION_LIMITS = { maxTexts: 100, maxLanguages: 20, maxTextChars: 2_000, maxTotalChars: 20_000, maxLanguageChars: 40 } as const;

/** One row of `GET /v1/admin/usage`: what one token name used in one day (`YYYY-MM-DD`) or month (`YYYY-MM`), UTC. */
export interface UsageRow {
  period: string;
  token: string;
  images: number;
  inputTextTokens: number;
  inputImageTokens: number;
  outputTokens: number;
  /** Priced when each image completed, at its model's rates then. */
  usd: number;
  /** Images OpenAI reported no usage for, counted at their share of the request's estimate. */
  estimatedImages: number;
}

/** `GET /v1/admin/usage?by=day|month&from=YYYY-MM-DD&to=YYYY-MM-DD` (both inclusive; `&format=csv` for CSV). */
export interface UsageReport {
  by: 'day' | 'month';
  from: string;
  to: string;
  rows: UsageRow[];
}
