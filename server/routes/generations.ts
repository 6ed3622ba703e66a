/** `POST /v1/images/generations`: OpenAI's wire format in and out, streaming (SSE) or not. */
import { Hono } from 'hono';
import { jsonBody } from '../http/errors';
import { respondWithJson, respondWithStream } from '../http/job-response';
import { admit } from '../http/admission';
import type { AppEnv } from '../http/middleware';
import type { JobService } from '../jobs/service';
import type { UsageLimits } from '../limits';
import { validateGeneration, type ModelPolicy } from '../validation/generation';

export function generationRoutes(jobs: JobService, policy: ModelPolicy, limits: UsageLimits) {
  return new Hono<AppEnv>().post('/', async (c) => {
    const body = await jsonBody(c);
    const valid = validateGeneration(body, policy);
    if ('status' in valid) throw valid;
    const p = valid.params;
    const admission = await admit(c, limits, { ...p, partialImages: p.partial_images });
    const job = jobs.startGeneration(c.var.tokenName, p, c.var.log, admission);
    c.var.rememberJob?.(job.id);
    return valid.stream ? respondWithStream(c, job) : respondWithJson(c, job);
  });
}
