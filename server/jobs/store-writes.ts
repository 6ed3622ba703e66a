/**
 * What both job stores do around their writes: a job's record writes run one at a time in call order (a later
 * state must never be overwritten by an earlier one), and whether the last write failed (a full disk, a read-only
 * mount, a database that refuses), which health reports until a write succeeds.
 */
export class StoreWrites {
  private readonly records = new Map<string, Promise<void>>();
  private lastFailed = false;

  /** True while the most recent write failed. */
  get failing(): boolean {
    return this.lastFailed;
  }

  /** Awaits `write`, remembering whether it failed; its result or error passes through. */
  async tracked<T>(write: Promise<T>): Promise<T> {
    try {
      const result = await write;
      this.lastFailed = false;
      return result;
    } catch (error) {
      this.lastFailed = true;
      throw error;
    }
  }

  /** Runs `write` for record `id` after that record's earlier writes have settled, whether they failed or not. */
  inOrder(id: string, write: () => Promise<void>): Promise<void> {
    const next = (this.records.get(id) ?? Promise.resolve()).then(write);
    const settled = next.catch(() => undefined);
    this.records.set(id, settled);
    void settled.then(() => {
      if (this.records.get(id) === settled) this.records.delete(id);
    });
    return next;
  }

  /** Settles once every record write started so far has (for close). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.records.values()]);
  }
}
