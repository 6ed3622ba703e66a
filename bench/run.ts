/**
 * `npm run bench`: measures what Figment adds, side by side with going direct, prints a table and writes
 * bench/results.json. Not part of `npm test`; takes a few minutes on two cores.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { batchSection, canvasSection, timeToInteractive } from './browser-sections';
import { bundleRows } from './bundles';
import { costPolicySection } from './cost-policy';
import { memorySection, overheadSection } from './overhead';
import { pgSection } from './pg';
import { printSections, saveResults, type Section } from './report';
import { uiSection } from './ui-sections';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const only = new Set(process.argv.slice(2).map(Number).filter(Boolean));
const wanted = (id: number) => only.size === 0 || only.has(id);

const sections: Section[] = [];

if (wanted(1)) sections.push(await overheadSection());
if (wanted(2)) sections.push(await memorySection());
if (wanted(3)) sections.push(await canvasSection());
if (wanted(4)) {
  const { rows, data } = bundleRows(join(root, 'dist'));
  rows.push(await timeToInteractive());
  sections.push({ id: 4, title: 'Bundles and UI start-up', rows, data });
}
if (wanted(5)) sections.push(await batchSection());
if (wanted(6)) sections.push(costPolicySection(join(here, 'frames.json')));
if (wanted(7)) sections.push(await uiSection());
if (wanted(8)) sections.push(await pgSection());

sections.sort((a, b) => a.id - b.id);
printSections(sections);
saveResults(join(here, 'results.json'), sections);
