/**
 * `GET /v1/admin/usage`: spend per token name and day or month, from the store's usage ledger, as JSON or CSV.
 * Guarded by the admin token (FIGMENT_ADMIN_TOKEN), checked like access tokens (constant time, wrong guesses
 * throttled) but never one of them: a designer's token cannot read the team's spend.
 */
import { Hono } from 'hono';
import type { UsageReport } from '../../contract/api';
import { failure } from '../http/errors';
import { requireAccessToken, type AppEnv } from '../http/middleware';
import type { JobStore } from '../jobs/store';
import { usageCsv, usageRows, type UsagePeriod } from '../jobs/usage-report';

const DATE = /^(\d{4})-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?$/;

/**
 * A query date, `YYYY-MM-DD` or `YYYY-MM` (UTC), as the Unix ms where its day or month starts and ends.
 * Undefined for anything else, 2026-02-30 included.
 */
export function parseQueryDate(text: string): { start: number; end: number } | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]) - 1, m[3] ? Number(m[3]) : undefined];
  const start = Date.UTC(year, month, day ?? 1);
  if (day !== undefined && new Date(start).getUTCDate() !== day) return undefined;
  const end = day !== undefined ? Date.UTC(year, month, day + 1) : Date.UTC(year, month + 1, 1);
  return { start, end };
}

const bad = (param: string, message: string) => failure(400, 'invalid_request', message, param);

export function adminRoutes(adminToken: string | undefined, store: JobStore, failedLoginsPerMinute: number) {
  const app = new Hono<AppEnv>();
  if (!adminToken) {
    return app.all('*', () => {
      throw failure(404, 'not_found', 'The admin routes are off; set FIGMENT_ADMIN_TOKEN to turn them on.');
    });
  }
  app.use('*', requireAccessToken([{ name: 'admin', token: adminToken }], failedLoginsPerMinute));
  return app.get('/usage', async (c) => {
    const by = (c.req.query('by') ?? 'day') as UsagePeriod;
    if (by !== 'day' && by !== 'month') throw bad('by', `"by" must be day or month, got "${by}".`);
    const format = c.req.query('format') ?? 'json';
    if (format !== 'json' && format !== 'csv') throw bad('format', `"format" must be json or csv, got "${format}".`);
    const today = new Date().toISOString().slice(0, 10);
    const toText = c.req.query('to') ?? today;
    const to = parseQueryDate(toText);
    if (!to) throw bad('to', `"to" must be a date, YYYY-MM-DD or YYYY-MM, got "${toText}".`);
    // By default, from the start of the month `to` falls in.
    const fromText = c.req.query('from') ?? `${toText.slice(0, 7)}-01`;
    const from = parseQueryDate(fromText);
    if (!from) throw bad('from', `"from" must be a date, YYYY-MM-DD or YYYY-MM, got "${fromText}".`);
    if (to.end <= from.start) throw bad('to', `"to" (${toText}) is before "from" (${fromText}).`);
    const rows = usageRows(await store.readUsage(from.start, to.end), by);
    if (format === 'csv') {
      const name = `figment-usage-${fromText}-to-${toText}-by-${by}.csv`;
      return c.body(usageCsv(rows), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"` });
    }
    const report: UsageReport = { by, from: fromText, to: toText, rows };
    return c.json(report);
  });
}
