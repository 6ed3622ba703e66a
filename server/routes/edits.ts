/** `POST /v1/images/edits`: multipart in OpenAI's wire format, answered like generations (`image_edit.*` events). */
import { Hono } from 'hono';
import { failure } from '../http/errors';
import { respondWithJson, respondWithStream } from '../http/job-response';
import { admit } from '../http/admission';
import type { AppEnv } from '../http/middleware';
import { readMultipart } from '../http/multipart';
import type { JobService } from '../jobs/service';
import type { UsageLimits } from '../limits';
import type { ModelPolicy } from '../validation/generation';
import { validateEdit } from '../validation/edit';

export function editRoutes(jobs: JobService, policy: ModelPolicy & { maxUploadBytes: number }, limits: UsageLimits) {
  return new Hono<AppEnv>().post('/', async (c) => {
    if (!c.req.header('content-type')?.toLowerCase().startsWith('multipart/form-data')) {
      throw failure(400, 'invalid_request', 'Edits are sent as multipart/form-data, as OpenAI expects.');
    }
    const form = await readMultipart(c.req.raw, { maxBytes: policy.maxUploadBytes, maxFiles: 17, maxFields: 20 });
    const valid = await validateEdit(form, policy);
    if ('status' in valid) throw valid;
    const p = valid.params;
    const admission = await admit(c, limits, { ...p, partialImages: p.partial_images });
    const job = jobs.startEdit(c.var.tokenName, p, c.var.log, admission);
    c.var.rememberJob?.(job.id);
    return valid.stream ? respondWithStream(c, job) : respondWithJson(c, job);
  });
}
