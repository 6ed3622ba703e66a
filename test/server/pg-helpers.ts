/** PostgreSQL test databases: one fresh database per call in the run's private cluster (pg-global-setup.ts). */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** The reason PostgreSQL tests are skipped, printed once per file that skips; empty when they run. */
export function pgSkipped(): string {
  const reason = inject('pgUrl') ? '' : inject('pgSkipReason') || 'no PostgreSQL cluster was started';
  if (reason) console.warn(`PostgreSQL tests skipped: ${reason}`);
  return reason;
}

/** Creates an empty database and returns its URL. */
export async function freshDatabase(): Promise<string> {
  const admin = inject('pgUrl');
  const name = `figment_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const client = new pg.Client(admin);
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}
