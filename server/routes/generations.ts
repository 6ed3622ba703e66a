/** `POST /v1/images/generations`: OpenAI's wire format in and out, streaming (SSE) or not. */
import { Hono } from 'hono';
import { failureResponse, jsonBody } from '../http/errors';
import { respondWithJson, respondWithStream } from '../http/job-response';
import type { AppEnv } from '../http/middleware';
import type { JobService } from '../jobs/service';
import type { UsageLimits } from '../limits';
import { validateGeneration, type ModelPolicy } from '../validation/generation';

export function generationRoutes(jobs: JobService, policy: ModelPolicy, limits: UsageLimits) {
  return new Hono<AppEnv>().post('/', async (c) => {
    const body = await jsonBody(c);
    const valid = validateGeneration(body, policy);
    if ('status' in valid) return failureResponse(c, valid);
    await limits.admit(c.var.tokenName, valid.params.n);
    const job = jobs.startGeneration(c.var.tokenName, valid.params, c.var.log);
    return valid.stream ? respondWithStream(c, job) : respondWithJson(c, job);
  });
}
