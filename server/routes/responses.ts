/**
 * `POST /v1/responses`: the conversation engine. OpenAI's Responses API, restricted to the image_generation tool
 * (see validation/responses.ts); events are relayed as they come and the image is kept like any job's.
 */
import { Hono } from 'hono';
import { JOB_ID_HEADER } from '../../contract/api';
import { failure, failureResponse, jsonBody } from '../http/errors';
import { respondWithStream } from '../http/job-response';
import type { AppEnv } from '../http/middleware';
import type { JobService } from '../jobs/service';
import type { UsageLimits } from '../limits';
import { validateResponses, type ResponsesPolicy } from '../validation/responses';

export function responsesRoutes(jobs: JobService, policy: ResponsesPolicy, limits: UsageLimits) {
  return new Hono<AppEnv>().post('/', async (c) => {
    const body = await jsonBody(c);
    const valid = validateResponses(body, policy);
    if ('status' in valid) return failureResponse(c, valid);
    await limits.admit(c.var.tokenName, 1);
    const job = jobs.startConversation(c.var.tokenName, valid, c.var.log);
    if (valid.stream) return respondWithStream(c, job);
    await job.done;
    c.header(JOB_ID_HEADER, job.id);
    if (job.result !== undefined) return c.json(job.result as object);
    return failureResponse(c, job.failure ?? failure(502, 'upstream_error', 'OpenAI sent no response.'));
  });
}
