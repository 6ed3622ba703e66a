/**
 * The HTTP contract between the plugin UI (`ui/`) and the Figment backend (`server/`).
 *
 * The image routes speak OpenAI's Images API wire format (see ../shared/openai/openapi.yaml:
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

export type Provider = 'openai' | 'demo';

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

export type ImageQuality = 'low' | 'medium' | 'high' | 'auto';
export type OutputFormat = 'png' | 'jpeg' | 'webp';
export type Background = 'transparent' | 'opaque' | 'auto';

/** Body of `POST /v1/images/generations` (a subset of OpenAI's `CreateImageRequest`). */
export interface GenerateImageRequest {
  prompt: string;
  model?: string;
  /** `WxH`, or `auto`. */
  size?: string;
  quality?: ImageQuality;
  n?: number;
  output_format?: OutputFormat;
  output_compression?: number;
  background?: Background;
  moderation?: 'auto' | 'low';
  stream?: boolean;
  partial_images?: number;
  user?: string;
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

export type JobStatus = 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';

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

/** `GET /v1/config`: what this backend allows the plugin's token, and what is left of its budget. */
export interface BackendConfig {
  provider: Provider;
  defaultModel: string;
  models: Array<{
    id: string;
    label: string;
    /** `flexible`: any size within the model's rules (see core/sizing); `fixed`: only `sizes`. */
    sizing: 'flexible' | 'fixed';
    sizes?: string[];
    qualities: string[];
    maxEditImages: number;
    retiresOn?: string;
  }>;
  limits: {
    requestsPerMinute: number;
    imagesPerDay: number;
    spendPerDayUsd: number | null;
    maxImagesPerRequest: number;
    maxPromptChars: number;
  };
  remaining: {
    requestsThisMinute: number;
    imagesToday: number;
    spendTodayUsd: number | null;
    dailyResetAt: string;
  };
  moderation: 'on' | 'off' | 'log-only';
}
