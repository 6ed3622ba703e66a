/**
 * This backend instance among others sharing one PostgreSQL database: its id, its lease (a heartbeat row in
 * `figment_instances`; while it is fresh, the instance's running jobs are its own and nobody marks them
 * interrupted) and the cancel channel (LISTEN/NOTIFY: a DELETE that reaches another instance is forwarded to
 * whichever instance runs the job).
 */
import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';

const CANCEL_CHANNEL = 'figment_cancel';

/** Background timers never keep the process alive (typed as a number where DOM typings are in scope: tests). */
export const unref = (timer: unknown) => (timer as { unref?: () => void }).unref?.();

export class PgInstance {
  readonly id = `inst_${randomUUID().replaceAll('-', '')}`;
  private listener: PoolClient | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private closed = false;
  private readonly cancelListeners = new Set<(jobId: string) => void>();

  constructor(
    private readonly pool: Pool,
    /** How long the instance's jobs stay its own without a heartbeat; renewed three times per lease. */
    readonly leaseMs: number,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    await this.listen();
    await this.renew();
    this.heartbeat = setInterval(() => void this.renew().catch(this.onError), Math.max(100, Math.floor(this.leaseMs / 3)));
    unref(this.heartbeat);
  }

  /**
   * Renews the lease; re-registers if another instance dropped the row (this one was paused past its lease).
   * Sent on the LISTEN connection, which nothing else uses: a pool busy with requests never delays the
   * heartbeat past the lease.
   */
  private async renew(): Promise<void> {
    await (this.listener ?? this.pool).query(
      `INSERT INTO figment_instances (id, lease_ms) VALUES ($1, $2)
       ON CONFLICT (id) DO UPDATE SET heartbeat_at = now(), lease_ms = excluded.lease_ms`,
      [this.id, this.leaseMs],
    );
  }

  /** A dedicated connection LISTENs; when it drops (a database restart), it is replaced. */
  private async listen(): Promise<void> {
    const client = await this.pool.connect();
    this.listener = client;
    client.on('notification', (message) => {
      if (message.channel !== CANCEL_CHANNEL || !message.payload) return;
      for (const listener of this.cancelListeners) listener(message.payload);
    });
    client.on('error', (error) => {
      this.onError(error);
      client.release(error);
      if (this.listener === client) this.listener = undefined;
      if (!this.closed) unref(setTimeout(() => void this.listen().catch(this.onError), 1_000));
    });
    await client.query(`LISTEN ${CANCEL_CHANNEL}`);
  }

  onCancelRequest(listener: (jobId: string) => void): void {
    this.cancelListeners.add(listener);
  }

  /** Tells every instance (this one included) to cancel the job if it runs it. */
  async requestCancel(jobId: string): Promise<void> {
    await this.pool.query('SELECT pg_notify($1, $2)', [CANCEL_CHANNEL, jobId]);
  }

  /** Ends the lease: with no jobs left running (the service drained them), nothing of this instance remains. */
  async stop(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    if (this.listener) {
      this.listener.release();
      this.listener = undefined;
    }
    await this.pool.query('DELETE FROM figment_instances WHERE id = $1', [this.id]);
  }
}
