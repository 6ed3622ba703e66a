/** What every benchmark section returns, and how the table is printed and saved. */
import { writeFileSync } from 'node:fs';

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
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function saveResults(path: string, sections: readonly Section[]): void {
  const payload = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? null,
    sections,
  };
  writeFileSync(path, `${JSON.stringify(payload, null, 2)}\n`);
}
