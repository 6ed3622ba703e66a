/** The jobs running in this process, by id; finished jobs live in the job store. */
import type { Job } from './job';

export class JobRegistry {
  private readonly jobs = new Map<string, Job>();

  add(job: Job): void {
    this.jobs.set(job.id, job);
  }

  forget(id: string): void {
    this.jobs.delete(id);
  }

  /** A job is visible only to the token that started it. */
  get(id: string, owner: string): Job | undefined {
    const job = this.jobs.get(id);
    return job && job.owner === owner ? job : undefined;
  }

  list(owner: string): Job[] {
    return [...this.jobs.values()].filter((j) => j.owner === owner);
  }

  running(): Job[] {
    return [...this.jobs.values()].filter((j) => j.status === 'running');
  }
}
