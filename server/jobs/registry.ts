/** The jobs running in this process, by id; finished jobs live in the job store (or here, if it failed). */
import type { Job } from './job';

const MAX_UNSAVED = 16;

export class JobRegistry {
  private readonly jobs = new Map<string, Job>();
  private readonly unsaved: string[] = [];

  add(job: Job): void {
    this.jobs.set(job.id, job);
  }

  forget(id: string): void {
    this.jobs.delete(id);
    const at = this.unsaved.indexOf(id);
    if (at >= 0) this.unsaved.splice(at, 1);
  }

  /**
   * Keeps a finished job the store could not record (a full disk), images included, so its owner can still
   * fetch it; only the latest few are kept, memory being the only place they live.
   */
  keepUnsaved(job: Job): void {
    this.unsaved.push(job.id);
    while (this.unsaved.length > MAX_UNSAVED) this.jobs.delete(this.unsaved.shift()!);
  }

  /** The job if `owner` started it; `undefined` as owner matches any (team history, see jobs/queries.ts). */
  get(id: string, owner: string | undefined): Job | undefined {
    const job = this.jobs.get(id);
    return job && (owner === undefined || job.owner === owner) ? job : undefined;
  }

  /** An owner's jobs, or with `undefined` every token's. */
  list(owner: string | undefined): Job[] {
    return [...this.jobs.values()].filter((j) => owner === undefined || j.owner === owner);
  }

  running(): Job[] {
    return [...this.jobs.values()].filter((j) => j.status === 'running');
  }
}
