import { describe, expect, it } from 'vitest';
import { usageCsv, usageRows } from '../../server/jobs/usage-report';
import type { UsageEntry } from '../../server/jobs/usage-ledger';
import { parseQueryDate } from '../../server/routes/admin';

const entry = (at: string, token: string, usd: number, extra: Partial<UsageEntry> = {}): UsageEntry => ({
  at: Date.parse(at),
  token,
  jobId: 'job_x',
  model: 'gpt-image-2',
  images: 1,
  inputTextTokens: 10,
  inputImageTokens: 0,
  outputTokens: 100,
  usd,
  ...extra,
});

describe('usage report', () => {
  it('sums per UTC day or month and token, in millionths so many small sums do not drift', () => {
    const entries = [
      ...Array.from({ length: 10 }, () => entry('2026-05-01T23:59:59Z', 'ana', 0.1)),
      entry('2026-05-02T00:00:00Z', 'ana', 0.2, { estimated: true }),
      entry('2026-05-01T10:00:00Z', 'ben', 0.05, { inputImageTokens: 300 }),
    ];
    expect(usageRows(entries, 'day')).toEqual([
      { period: '2026-05-01', token: 'ana', images: 10, inputTextTokens: 100, inputImageTokens: 0, outputTokens: 1000, usd: 1, estimatedImages: 0 },
      { period: '2026-05-01', token: 'ben', images: 1, inputTextTokens: 10, inputImageTokens: 300, outputTokens: 100, usd: 0.05, estimatedImages: 0 },
      { period: '2026-05-02', token: 'ana', images: 1, inputTextTokens: 10, inputImageTokens: 0, outputTokens: 100, usd: 0.2, estimatedImages: 1 },
    ]);
    expect(usageRows(entries, 'month').map((r) => [r.period, r.token, r.images, r.usd])).toEqual([
      ['2026-05', 'ana', 11, 1.2],
      ['2026-05', 'ben', 1, 0.05],
    ]);
  });

  it('writes RFC 4180 CSV and defuses names a spreadsheet would run as formulas', () => {
    const rows = usageRows([entry('2026-05-01T00:00:00Z', '=HYPERLINK("x")', 0.1), entry('2026-05-01T00:00:00Z', 'Design, "Brand"', 0.2)], 'day');
    const lines = usageCsv(rows).split('\r\n');
    expect(lines[1]).toBe(`2026-05-01,"'=HYPERLINK(""x"")",1,10,0,100,0.100000,0`);
    expect(lines[2]).toBe('2026-05-01,"Design, ""Brand""",1,10,0,100,0.200000,0');
    expect(lines[3]).toBe('');
  });

  it('reads query dates as UTC days or months and refuses impossible ones', () => {
    expect(parseQueryDate('2026-02-28')).toEqual({ start: Date.parse('2026-02-28T00:00:00Z'), end: Date.parse('2026-03-01T00:00:00Z') });
    expect(parseQueryDate('2026-12')).toEqual({ start: Date.parse('2026-12-01T00:00:00Z'), end: Date.parse('2027-01-01T00:00:00Z') });
    for (const bad of ['2026-02-29', '2026-13', '2026-1-5', '20260105', '2026-04-31', '']) expect(parseQueryDate(bad), bad).toBeUndefined();
  });
});
