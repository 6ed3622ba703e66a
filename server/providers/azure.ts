/**
 * Azure OpenAI as the upstream (`FIGMENT_PROVIDER=azure`): its settings, read from the environment, and its
 * clients. The requests, retries (./retry.ts), SSE relay and error translation stay ./openai.ts's one path.
 *
 * Why `AzureOpenAI` with an api-version, and not the OpenAI client on `{endpoint}/openai/v1/`: the `openai` SDK's
 * README ("Microsoft Azure OpenAI") says to use `AzureOpenAI`; it sends a key in Azure's `api-key` header and an
 * Entra ID token (`azureADTokenProvider`) as a bearer, and Microsoft documents GPT Image generations and edits,
 * streaming with `partial_images` included, on the deployment routes
 * `{endpoint}/openai/deployments/{deployment}/images/{generations|edits}?api-version=...` (Azure OpenAI REST
 * reference, "Image generation" / "Image edit"; how-to "dall-e", "Streaming"). One client per deployment (the
 * SDK's `deployment` option): without it the SDK reads the deployment from `body.model`, which a multipart edit
 * body (FormData) does not expose, so edits would miss the deployment path.
 */
import { AzureOpenAI } from 'openai';
import type OpenAI from 'openai';
import type { BackendCapabilities } from '../../contract/api';
import { failure } from '../http/errors';

/** An Azure API version documenting GPT Image generations and edits (REST reference, 2025-04-01-preview). */
export const DEFAULT_AZURE_API_VERSION = '2025-04-01-preview';

export interface AzureSettings {
  /** `https://{resource}.openai.azure.com`, without a path. */
  endpoint: string;
  apiKey?: string;
  /** A Microsoft Entra ID access token (`AZURE_OPENAI_AD_TOKEN`), sent as a bearer. */
  adToken?: string;
  apiVersion: string;
  /** Figment model id -> Azure deployment name. */
  deployments: Record<string, string>;
}

/** Returns a Microsoft Entra ID access token, as `@azure/identity`'s `getBearerTokenProvider` does. */
export type AzureTokenProvider = () => Promise<string>;

/**
 * Azure's settings from the environment, or an Error saying what is wrong. `isModel` says whether Figment
 * knows a model id (the map's keys must be such ids).
 */
export function azureSettingsFrom(env: Record<string, string | undefined>, isModel: (id: string) => boolean): AzureSettings {
  const endpoint = endpointFrom(env.AZURE_OPENAI_ENDPOINT);
  const apiKey = env.AZURE_OPENAI_API_KEY?.trim() || undefined;
  const adToken = env.AZURE_OPENAI_AD_TOKEN?.trim() || undefined;
  // The SDK's AzureOpenAI refuses both at once ("mutually exclusive"); say so at start-up instead.
  if (apiKey && adToken) throw new Error('set either AZURE_OPENAI_API_KEY or AZURE_OPENAI_AD_TOKEN, not both');
  const apiVersion = env.OPENAI_API_VERSION?.trim() || DEFAULT_AZURE_API_VERSION;
  if (!/^\d{4}-\d{2}-\d{2}(-preview)?$/.test(apiVersion)) throw new Error(`OPENAI_API_VERSION must look like 2025-04-01-preview, got "${apiVersion}"`);
  return { endpoint, apiKey, adToken, apiVersion, deployments: parseDeployments(env.FIGMENT_AZURE_DEPLOYMENTS ?? '', isModel) };
}

function endpointFrom(raw: string | undefined): string {
  const value = raw?.trim();
  if (!value) throw new Error('FIGMENT_PROVIDER=azure needs AZURE_OPENAI_ENDPOINT (https://{resource}.openai.azure.com)');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`AZURE_OPENAI_ENDPOINT is not a URL: "${value}"`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  // Keys and prompts go there: https, except to a loopback stand-in.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) throw new Error(`AZURE_OPENAI_ENDPOINT must be https, got "${value}"`);
  if (url.pathname !== '/' || url.search) {
    throw new Error(`AZURE_OPENAI_ENDPOINT is the resource's address without a path (https://{resource}.openai.azure.com), got "${value}"`);
  }
  return url.origin;
}

/** Becomes a URL path segment; Azure's deployment names are letters, digits, `.`, `_` and `-`. */
const DEPLOYMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** `FIGMENT_AZURE_DEPLOYMENTS=gpt-image-2=images-prod,gpt-image-2.5-flare=flare`: Figment model id = deployment. */
export function parseDeployments(raw: string, isModel: (id: string) => boolean): Record<string, string> {
  const map: Record<string, string> = {};
  const entries = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (entries.length === 0) throw new Error('FIGMENT_PROVIDER=azure needs FIGMENT_AZURE_DEPLOYMENTS, e.g. gpt-image-2=my-deployment');
  for (const entry of entries) {
    const at = entry.indexOf('=');
    const model = entry.slice(0, at).trim();
    const deployment = entry.slice(at + 1).trim();
    if (at < 0 || !model || !deployment) throw new Error(`FIGMENT_AZURE_DEPLOYMENTS entry "${entry}" must be model=deployment`);
    if (!isModel(model)) throw new Error(`FIGMENT_AZURE_DEPLOYMENTS names "${model}", not a GPT Image model Figment knows`);
    if (model in map) throw new Error(`FIGMENT_AZURE_DEPLOYMENTS names "${model}" twice`);
    if (!DEPLOYMENT_NAME.test(deployment)) throw new Error(`FIGMENT_AZURE_DEPLOYMENTS: "${deployment}" is not a deployment name (letters, digits, ".", "_", "-"; at most 64)`);
    map[model] = deployment;
  }
  return map;
}

/** Models the backend must be able to serve without a choice: each needs a deployment. */
export function checkDeployed(settings: AzureSettings, required: Record<string, string>): void {
  for (const [variable, model] of Object.entries(required)) {
    if (!settings.deployments[model]) throw new Error(`${variable} is "${model}", which FIGMENT_AZURE_DEPLOYMENTS gives no Azure deployment`);
  }
}

/**
 * What Azure OpenAI lacks that Figment would offer, for `GET /v1/config`. The conversation engine streams the
 * Responses API's image tool, which Microsoft's Responses how-to lists as "not currently supported: image
 * generation using multi-turn editing and streaming". Allowed models without a deployment cannot be called, and
 * translation would need a text model's deployment, which the map does not name.
 */
export function azureCapabilities(settings: AzureSettings, allowedModels: readonly string[]): BackendCapabilities {
  const modelsUnavailable: Record<string, string> = {};
  for (const id of allowedModels) {
    if (!settings.deployments[id]) modelsUnavailable[id] = `Not deployed on this backend's Azure OpenAI resource.`;
  }
  return { conversationUnavailable: AZURE_NO_CONVERSATION, modelsUnavailable, translationsUnavailable: AZURE_NO_TRANSLATION };
}

export const AZURE_NO_CONVERSATION = 'Azure OpenAI does not stream the Responses API image tool; use the Images engine.';
/** FIGMENT_AZURE_DEPLOYMENTS names image models' deployments only; a text model would need its own. */
export const AZURE_NO_TRANSLATION = 'Translation is not available with Azure OpenAI on this backend: it has deployments for image models only.';

/**
 * One `AzureOpenAI` client per deployment; `clientFor(model)` throws a 400 for a model with none. Credentials:
 * the key (`api-key` header), else the token provider, else the static Entra ID token (both sent as a bearer).
 */
export function azureClients(settings: AzureSettings, options: { timeout: number; tokenProvider?: AzureTokenProvider }): (model: string) => OpenAI {
  const tokenProvider = options.tokenProvider ?? (settings.adToken ? staticToken(settings.adToken) : undefined);
  if (settings.apiKey && options.tokenProvider) throw new Error('AZURE_OPENAI_API_KEY is set and an Entra ID token provider was given: use one');
  if (!settings.apiKey && !tokenProvider) throw new Error('FIGMENT_PROVIDER=azure needs AZURE_OPENAI_API_KEY or AZURE_OPENAI_AD_TOKEN');
  const clients = new Map<string, OpenAI>();
  for (const [model, deployment] of Object.entries(settings.deployments)) {
    clients.set(
      model,
      new AzureOpenAI({
        // The base URL AzureOpenAI derives from `endpoint`, given outright so a stray OPENAI_BASE_URL cannot clash.
        baseURL: `${settings.endpoint}/openai`,
        deployment,
        apiVersion: settings.apiVersion,
        ...(settings.apiKey ? { apiKey: settings.apiKey } : { azureADTokenProvider: tokenProvider }),
        timeout: options.timeout,
        // Image calls retry through ./retry.ts (bounded in total, cancellable).
        maxRetries: 0,
      }),
    );
  }
  return (model) => {
    const client = clients.get(model);
    if (!client) throw failure(400, 'unsupported_model', `"${model}" is not deployed on this backend's Azure OpenAI resource.`, 'model');
    return client;
  };
}

const staticToken = (token: string): AzureTokenProvider => () => Promise.resolve(token);
