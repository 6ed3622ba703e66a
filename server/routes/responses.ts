/**
 * `POST /v1/responses`: the conversation engine. OpenAI's Responses API, restricted to the image_generation tool
 * (see validation/responses.ts); events are relayed as they come and the image is kept like any job's.
 */
import { Hono } from 'hono';
import { JOB_ID_HEADER } from '../../contract/api';
import { failure, jsonBody } from '../http/errors';
import { cancelIfLeftEarly, respondWithStream } from '../http/job-response';
import { admit } from '../http/admission';
import type { AppEnv } from '../http/middleware';
import type { JobQueries } from '../jobs/queries';
import type { JobService } from '../jobs/service';
import type { UsageLimits } from '../limits';
import { validateResponses, type ResponsesPolicy } from '../validation/responses';

export function responsesRoutes(jobs: JobService, queries: JobQueries, policy: ResponsesPolicy, limits: UsageLimits) {
  return new Hono<AppEnv>().post('/', async (c) => {
    const body = await jsonBody(c);
    const valid = validateResponses(body, policy);
    if ('status' in valid) throw valid;
    // A stored response is continued only by the token whose job produced it: OpenAI would serve any response
    // made with the backend's key, whoever asked for it. Team history (FIGMENT_HISTORY) does not change this.
    const previous = valid.body.previous_response_id;
    if (previous !== undefined && (await queries.responseOwner(previous)) !== c.var.tokenName) {
      throw failure(404, 'not_found', 'No such previous response for this access token.', 'previous_response_id');
    }
    const tool = valid.body.tools[0];
    const admission = await admit(c, limits, {
      model: tool.model ?? policy.defaultModel,
      size: tool.size ?? 'auto',
      quality: tool.quality ?? 'auto',
      n: 1,
      partialImages: valid.partialImages,
    });
    const job = jobs.startConversation(c.var.tokenName, valid, c.var.log, admission);
    c.var.rememberJob?.(job.id);
    if (valid.stream) return respondWithStream(c, job);
    cancelIfLeftEarly(c, job);
    await job.done;
    c.header(JOB_ID_HEADER, job.id);
    if (job.result !== undefined) return c.json(job.result as object);
    throw job.failure ?? failure(502, 'upstream_error', 'OpenAI sent no response.');
  });
}
