/** `POST /v1/images/generations`: OpenAI's wire format in and out, streaming (SSE) or not. */
import { Hono } from 'hono';
import { failure, failureResponse } from '../http/errors';
import { respondWithJson, respondWithStream } from '../http/job-response';
import type { AppEnv } from '../http/middleware';
import type { JobService } from '../jobs/service';
import type { UsageLimits } from '../limits';
import { validateGeneration, type ModelPolicy } from '../validation/generation';

export function generationRoutes(jobs: JobService, policy: ModelPolicy, limits: UsageLimits) {
  return new Hono<AppEnv>().post('/', async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return failureResponse(c, failure(400, 'invalid_request', 'The body must be a JSON object (Content-Type: application/json).'));
    }
    const valid = validateGeneration(body, policy);
    if ('status' in valid) return failureResponse(c, valid);
    await limits.admit(c.var.tokenName, valid.params.n);
    const job = jobs.startGeneration(c.var.tokenName, valid.params, c.var.log);
    return valid.stream ? respondWithStream(c, job) : respondWithJson(c, job);
  });
}
