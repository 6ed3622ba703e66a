/** The OpenAI stand-in's options, faults and records. */

export interface StandInOptions {
  /** The key clients must present (an obviously fake value). */
  apiKey?: string;
  /** Wait before answering (ms): before the response headers and first event. */
  latencyMs?: number;
  /** Pause between SSE events (ms). */
  partialIntervalMs?: number;
  /** Answer 429 (with Retry-After) beyond this many requests in flight. */
  maxConcurrent?: number;
  retryAfterSeconds?: number;
  /** Validate every request and answer against the spec (default true; benchmarks turn it off). */
  validate?: boolean;
  /** Images full of noise, as large as real photographs, instead of flat colours (for memory benchmarks). */
  realisticImages?: boolean;
  /** Each request gets its own picture (default); off, pictures depend on size and stage only and are encoded once (load runs). */
  uniqueImages?: boolean;
  /** Also serve Azure OpenAI's deployment routes under `/openai/` (./azure.ts); `apiKey` is the resource's key. */
  azure?: AzureStandInOptions;
}

/** The options in force: every default filled in, Azure's face only when asked for. */
export type ResolvedStandInOptions = Required<Omit<StandInOptions, 'azure'>> & Pick<StandInOptions, 'azure'>;

export interface AzureStandInOptions {
  /** The resource's deployments: deployment name -> the model it runs. */
  deployments: Record<string, string>;
  /** The `api-version`s it serves (default 2025-04-01-preview). */
  apiVersions?: string[];
  /** The Microsoft Entra ID token it accepts as a bearer (default AZURE_DEFAULT_AD_TOKEN). */
  adToken?: string;
}

export interface StandInFaults {
  /** The next N image requests get 429 rate_limit_exceeded with Retry-After. */
  status429?: number;
  /** The next N image requests get 500 server_error. */
  status5xx?: number;
  /** Image requests are refused as OpenAI refuses content-policy violations. */
  moderationBlocked?: boolean;
  /** /v1/moderations flags inputs containing any of these words (case-insensitive). */
  flagModeration?: string[];
  /** Streams send this many partial images, then the connection is destroyed. */
  cutStreamAfterPartials?: number;
  /** Streams send an event whose data is not JSON. */
  malformedEvent?: boolean;
  /** Requests are accepted and never answered. */
  hang?: boolean;
  /** Every request is refused as if the key were revoked (401 invalid_api_key). */
  invalidKey?: boolean;
  /** Translations (structured text answers) come back one text short in every language. */
  garbleTranslations?: boolean;
}

export interface RecordedFile {
  field: string;
  filename: string;
  type: string;
  bytes: Uint8Array;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** The URL's query parameters (Azure's `api-version`). */
  query: Record<string, string>;
  /** Azure: the deployment the path names. */
  deployment?: string;
  headers: Record<string, string>;
  json?: unknown;
  form?: { fields: Record<string, string | string[]>; files: RecordedFile[] };
  /** The client went away before the answer was complete. */
  aborted: boolean;
  /** Spec violations in the request (empty when valid). */
  requestErrors: string[];
  /** Spec violations in what the stand-in answered (empty when valid). */
  answerErrors: string[];
}

export interface StandInReply {
  requestIndex: number;
  /** PNG bytes of each final image sent. */
  finals: Uint8Array[];
  partials: Uint8Array[];
  size: string;
}

export interface StandIn {
  /** What to give the openai SDK as `baseURL`, e.g. http://127.0.0.1:PORT/v1 */
  baseURL: string;
  /** What to give as AZURE_OPENAI_ENDPOINT, e.g. http://127.0.0.1:PORT (Azure routes answer with `options.azure`). */
  azureEndpoint: string;
  apiKey: string;
  requests: RecordedRequest[];
  replies: StandInReply[];
  /** The requests recorded on one path (e.g. '/v1/images/edits'), in arrival order. */
  requestsTo(path: string): RecordedRequest[];
  /** The reply to a recorded request; throws when it has none (it was refused before any image). */
  replyTo(request: RecordedRequest): StandInReply;
  inFlight: number;
  maxInFlightSeen: number;
  /** How many 429s it has answered. */
  rateLimited: number;
  setFaults(faults: StandInFaults): void;
  setOptions(options: Partial<StandInOptions>): void;
  /** Clears requests, replies, counters and faults. */
  reset(): void;
  close(): Promise<void>;
}
