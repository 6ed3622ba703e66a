/** Usage entries summed per period and token name, as JSON rows or CSV for a spreadsheet. Pure. */
import type { UsageRow } from '../../contract/api';
import type { UsageEntry } from './usage-ledger';

export type UsagePeriod = 'day' | 'month';

/** `YYYY-MM-DD` or `YYYY-MM` (UTC) of `at`. */
export const periodOf = (at: number, by: UsagePeriod) => new Date(at).toISOString().slice(0, by === 'day' ? 10 : 7);

const micro = (usd: number) => Math.round(usd * 1_000_000);

export function usageRows(entries: readonly UsageEntry[], by: UsagePeriod): UsageRow[] {
  const rows = new Map<string, UsageRow & { micro: number }>();
  for (const e of entries) {
    const period = periodOf(e.at, by);
    const key = `${period}\u0000${e.token}`;
    let row = rows.get(key);
    if (!row) {
      row = { period, token: e.token, images: 0, inputTextTokens: 0, inputImageTokens: 0, outputTokens: 0, usd: 0, estimatedImages: 0, micro: 0 };
      rows.set(key, row);
    }
    row.images += e.images;
    row.inputTextTokens += e.inputTextTokens;
    row.inputImageTokens += e.inputImageTokens;
    row.outputTokens += e.outputTokens;
    if (e.estimated) row.estimatedImages += e.images;
    // Summed in millionths of a dollar so a month of small sums does not drift.
    row.micro += micro(e.usd);
  }
  return [...rows.values()]
    .sort((a, b) => a.period.localeCompare(b.period) || a.token.localeCompare(b.token))
    .map(({ micro: m, ...row }) => ({ ...row, usd: m / 1_000_000 }));
}

const COLUMNS: Array<[keyof UsageRow, string]> = [
  ['period', 'period'],
  ['token', 'token'],
  ['images', 'images'],
  ['inputTextTokens', 'input_text_tokens'],
  ['inputImageTokens', 'input_image_tokens'],
  ['outputTokens', 'output_tokens'],
  ['usd', 'usd'],
  ['estimatedImages', 'estimated_images'],
];

/**
 * RFC 4180 CSV. A text cell that a spreadsheet would read as a formula (=, +, -, @, tab, CR) is prefixed with an
 * apostrophe (OWASP's advice on CSV injection): token names are typed by people.
 */
function cell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function usageCsv(rows: readonly UsageRow[]): string {
  const lines = [COLUMNS.map(([, header]) => header).join(',')];
  for (const row of rows) lines.push(COLUMNS.map(([key]) => cell(key === 'usd' ? row.usd.toFixed(6) : row[key])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
