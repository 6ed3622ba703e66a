/**
 * The stand-in's Azure OpenAI face: the deployment routes `/openai/deployments/{deployment}/images/...`, the
 * `api-version` query, and Azure's credentials. It refuses what Azure refuses, each rule cited, before the
 * request reaches the same image handlers OpenAI's routes use.
 */
import type { StandInContext } from './index';
import { openAIError } from './payloads';
import type { AzureStandInOptions, ResolvedStandInOptions } from './types';

/** Azure's own error body (`{ error: { code, message } }`): not OpenAI's shape, so not checked against its spec. */
export function azureError(code: string, message: string) {
  return { error: { code, message } };
}

export interface AzureRefusal {
  status: 401 | 404;
  body: ReturnType<typeof azureError>;
}

export const AZURE_DEFAULT_AD_TOKEN = 'test-entra-id-token-0000';

/**
 * Why Azure would refuse this request, or undefined. `deployment` is the path's, if it has one.
 * - `api-version` is a required query parameter of every data-plane operation (Azure OpenAI REST reference,
 *   "Image generation": `POST {endpoint}/openai/deployments/{deployment-id}/images/generations?api-version=...`,
 *   "URI parameters: api-version, query, required"); without it, or with one the resource does not serve, Azure
 *   answers 404 Resource not found.
 * - Authentication (REST reference, "Authentication"): "API key authentication: all API requests must include
 *   the API key in the `api-key` HTTP header"; Microsoft Entra ID: the token "as a Bearer token in the
 *   `Authorization` header". An OpenAI-style `Authorization: Bearer <key>` is not an Entra ID token: 401.
 * - A deployment the resource does not have: 404 DeploymentNotFound.
 */
export function azureRefusal(
  options: AzureStandInOptions & { apiKey: string },
  headers: Record<string, string>,
  query: Record<string, string>,
  deployment: string | undefined,
): AzureRefusal | undefined {
  const version = query['api-version'];
  const versions = options.apiVersions ?? ['2025-04-01-preview'];
  if (!version || !versions.includes(version)) return { status: 404, body: azureError('404', 'Resource not found') };
  const keyOk = headers['api-key'] === options.apiKey;
  const tokenOk = headers.authorization === `Bearer ${options.adToken ?? AZURE_DEFAULT_AD_TOKEN}`;
  if (!keyOk && !tokenOk) {
    return {
      status: 401,
      body: azureError(
        '401',
        'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
      ),
    };
  }
  if (deployment !== undefined && !(deployment in options.deployments)) {
    return {
      status: 404,
      body: azureError('DeploymentNotFound', 'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.'),
    };
  }
  return undefined;
}

/** The `/openai/*` routes' gate: Azure's refusal as its answer, or undefined to go on. */
export function azureGate(c: StandInContext, options: ResolvedStandInOptions, headers: Record<string, string>): Response | undefined {
  // Without `options.azure` this is no Azure resource: nothing under /openai/ exists.
  if (!options.azure) return c.json(openAIError(`Invalid URL (${c.req.method} ${c.req.path})`, 'invalid_request_error', null), 404);
  const refused = azureRefusal({ ...options.azure, apiKey: options.apiKey }, headers, c.var.record.query, c.var.record.deployment);
  return refused && c.json(refused.body, refused.status);
}

/** `/openai/deployments/{deployment}/...` -> the deployment's name. */
export function deploymentOf(path: string): string | undefined {
  return /^\/openai\/deployments\/([^/]+)\//.exec(path)?.[1];
}
