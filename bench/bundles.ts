/** Section 4: what the plugin ships. Sizes of dist/code.js and dist/ui.html (the UI's time to interactive is measured in ui-timing.ts). */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Row } from './report';

export const CODE_JS_GOAL_BYTES = 15 * 1024;
export const UI_HTML_GOAL_GZ_BYTES = 40 * 1024;

export function bundleRows(dist: string): { rows: Row[]; data: Record<string, number> } {
  const code = readFileSync(`${dist}/code.js`);
  const ui = readFileSync(`${dist}/ui.html`);
  const data = {
    codeJsBytes: code.length,
    codeJsGzipBytes: gzipSync(code, { level: 9 }).length,
    uiHtmlBytes: ui.length,
    uiHtmlGzipBytes: gzipSync(ui, { level: 9 }).length,
  };
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  return {
    data,
    rows: [
      { measure: 'dist/code.js minified', value: `${kb(data.codeJsBytes)} (${kb(data.codeJsGzipBytes)} gz)`, goal: '≤ 15 KB minified', met: data.codeJsBytes <= CODE_JS_GOAL_BYTES },
      { measure: 'dist/ui.html gzipped', value: `${kb(data.uiHtmlGzipBytes)} (${kb(data.uiHtmlBytes)} raw)`, goal: '≤ 40 KB gzipped', met: data.uiHtmlGzipBytes <= UI_HTML_GOAL_GZ_BYTES },
    ],
  };
}
