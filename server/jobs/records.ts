/** A job as the store keeps it (`JobRecord`) and as the job routes describe it (`JobInfo`). */
import type { CompletedImageEvent, JobInfo } from '../../contract/api';
import { jobImagePath } from '../../contract/api';
import { sumUsage } from '../../core/cost';
import type { Job } from './job';
import type { JobRecord, StoredImage } from './store';

const storedImage = (f: CompletedImageEvent, index: number): StoredImage => ({
  index,
  size: f.size,
  outputFormat: f.output_format,
  bytes: Math.floor((f.b64_json.length * 3) / 4),
  usage: f.usage,
});

/** The job's record; `pending` is a final image kept but not yet relayed (it is recorded first). */
export function recordOf(job: Job, pending?: CompletedImageEvent): JobRecord {
  const finals = pending ? [...job.finals, pending] : job.finals;
  return {
    id: job.id,
    owner: job.owner,
    kind: job.kind,
    status: job.status,
    createdAt: job.createdAt,
    ...(job.finishedAt !== undefined ? { finishedAt: job.finishedAt } : {}),
    summary: job.summary,
    images: finals.map(storedImage),
    ...(job.error ? { error: job.error } : {}),
    ...(job.unsaved ? { unsaved: job.unsaved } : {}),
    ...(job.responseId ? { responseId: job.responseId } : {}),
  };
}

export function infoOf(record: JobRecord): JobInfo {
  const usage = sumUsage(record.images.map((i) => i.usage));
  return {
    id: record.id,
    kind: record.kind,
    status: record.status,
    createdAt: record.createdAt,
    ...(record.finishedAt !== undefined ? { finishedAt: record.finishedAt } : {}),
    model: record.summary.model,
    size: record.summary.size,
    quality: record.summary.quality,
    n: record.summary.n,
    // Only kept when the team allows it (FIGMENT_LOG_PROMPTS=1, see JobService); never otherwise.
    ...(record.summary.prompt !== undefined ? { prompt: record.summary.prompt } : {}),
    owner: record.owner,
    images: record.images.map((image) => ({ index: image.index, size: image.size, url: jobImagePath(record.id, image.index) })),
    usage,
    ...(record.error ? { error: record.error } : {}),
    ...(record.unsaved ? { unsaved: record.unsaved } : {}),
  };
}

