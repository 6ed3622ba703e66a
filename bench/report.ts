/** What every benchmark section returns, and how the table is printed and saved. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';

export interface Row {
  /** What was measured. */
  measure: string;
  /** The figure, formatted. */
  value: string;
  /** The goal, in words. */
  goal: string;
  /** null when the row is informational. */
  met: boolean | null;
}

export interface Section {
  id: number;
  title: string;
  rows: Row[];
  /** Raw numbers, kept in results.json. */
  data: Record<string, unknown>;
  notes?: string[];
  /** When it was measured (ISO 8601); set when results are saved. */
  measuredAt?: string;
  /** The machine's 1, 5 and 15 minute load averages then: timings stretch on a busy machine. */
  loadAverage?: number[];
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
}

/** "median (p10–p90)" */
export function spread(values: readonly number[], digits = 1, unit = ''): string {
  return `${median(values).toFixed(digits)}${unit} (${quantile(values, 0.1).toFixed(digits)}–${quantile(values, 0.9).toFixed(digits)})`;
}

export function printSections(sections: readonly Section[]): void {
  const lines: string[] = [];
  for (const s of sections) {
    lines.push('', `## ${s.id}. ${s.title}`, '', '| measure | value | goal | met |', '| --- | --- | --- | --- |');
    for (const r of s.rows) lines.push(`| ${r.measure} | ${r.value} | ${r.goal} | ${r.met === null ? '' : r.met ? 'yes' : 'NO'} |`);
    for (const n of s.notes ?? []) lines.push('', `- ${n}`);
  }
  // Timings (long tasks above all) stretch when other work shares the two cores: say how busy the machine was.
  lines.push('', `Load average (1, 5, 15 min) as the bench ended: ${loadavg().map((l) => l.toFixed(2)).join(', ')}.`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * Writes the sections just measured into results.json; a partial run (`npm run bench -- 1 3`) keeps the other
 * sections from the previous results, each with the date it was measured.
 */
export function saveResults(path: string, sections: readonly Section[]): void {
  const now = new Date().toISOString();
  const previous: Section[] = existsSync(path) ? ((JSON.parse(readFileSync(path, 'utf8')) as { sections?: Section[] }).sections ?? []) : [];
  const load = loadavg();
  const fresh = sections.map((s) => ({ ...s, measuredAt: now, loadAverage: load }));
  const kept = previous.filter((p) => !fresh.some((s) => s.id === p.id));
  const payload = {
    date: now,
    node: process.version,
    cpus: (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? null,
    sections: [...kept, ...fresh].sort((a, b) => a.id - b.id),
  };
  writeFileSync(path, `${JSON.stringify(payload, null, 2)}\n`);
}
