/**
 * Figma's network rules in Chromium: the host gives the plugin iframe the Content-Security-Policy Figma builds from
 * manifest.json's networkAccess. In development the plugin reaches localhost and nothing else; a build made with
 * `--backend https://figment.example.org` and run as published reaches that origin and nothing else, and starts
 * with it as its Backend URL.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAll } from '../../build.mjs';
import { startTestBackend, TOKEN, type TestBackend } from '../server/helpers';
import { manifestProblems } from '../figma-fake/manifest';
import { pluginUrl, startE2E, type E2E } from './browser';

const TEAM_BACKEND = 'https://figment.example.org';
let backend: TestBackend;
let dev: E2E;
let team: E2E;
let teamDir: string;

beforeAll(async () => {
  backend = await startTestBackend({ config: { demoDelayMs: 5 } });
  teamDir = mkdtempSync(join(tmpdir(), 'figment-team-build-'));
  const manifestPath = join(teamDir, 'manifest.json');
  writeFileSync(manifestPath, readFileSync(new URL('../../manifest.json', import.meta.url)));
  await buildAll({ backend: TEAM_BACKEND, outDir: teamDir, manifestPath });
  [dev, team] = await Promise.all([startE2E(), startE2E({}, { manifest: manifestPath, code: join(teamDir, 'code.js'), ui: join(teamDir, 'ui.html') })]);
});
afterAll(async () => {
  await dev?.close();
  await team?.close();
  await backend?.close(1000);
});

/** Runs fetch inside the plugin iframe: 'ok <status>' or the error it failed with. */
async function fetchFromUi(page: Page, url: string): Promise<string> {
  const frame = page.frames().find((f) => f !== page.mainFrame())!;
  return frame.evaluate((u) => fetch(u).then((r) => `ok ${r.status}`, (e: unknown) => `failed: ${String(e)}`), url);
}
const cspViolations = (page: Page) => {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/.test(m.text())) seen.push(m.text());
  });
  return seen;
};
const settingsUrl = (ui: FrameLocator) => ui.getByRole('textbox', { name: 'Backend URL' });

describe('network access in development', () => {
  it('reaches the backend at localhost; an IP address or any other origin fails with a CSP error', async () => {
    const p = await dev.open();
    const violations = cspViolations(p.page);
    expect(await fetchFromUi(p.page, `${pluginUrl(backend.url)}/v1/health`)).toBe('ok 200');
    expect(await fetchFromUi(p.page, `${backend.url}/v1/health`)).toMatch(/^failed: TypeError/);
    expect(await fetchFromUi(p.page, 'https://api.openai.com/v1/models')).toMatch(/^failed: TypeError/);
    await expect.poll(() => violations.join('\n')).toContain(`Connecting to '${backend.url}/v1/health'`);
    expect(violations.join('\n')).toContain("Connecting to 'https://api.openai.com/v1/models'");
    expect(violations.join('\n')).not.toContain(`Connecting to '${pluginUrl(backend.url)}`);
  });

  it('Settings refuses a Backend URL the manifest does not allow, and says how to build for it', async () => {
    const p = await dev.open();
    const url = settingsUrl(p.ui);
    expect(await url.inputValue()).toBe('');
    expect(await url.getAttribute('placeholder')).toBe('http://localhost:8787');
    await url.fill(backend.url);
    await p.ui.getByRole('alert').getByText(`Figma would block ${backend.url}`, { exact: false }).waitFor();
    expect(await p.ui.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await url.fill(pluginUrl(backend.url));
    await p.ui.getByLabel('Access token').fill(TOKEN);
    await p.ui.getByRole('button', { name: 'Save' }).click();
    await p.ui.getByText(/^Demo mode|^Connected/).waitFor();
  });
});

describe('a build for a team backend, run as published', () => {
  it('writes the origin into its manifest, starts with it as the Backend URL, and reaches it and nothing else', async () => {
    const manifest = JSON.parse(readFileSync(join(teamDir, 'manifest.json'), 'utf8')) as { networkAccess: { allowedDomains: string[] } };
    expect(manifestProblems(manifest)).toEqual([]);
    expect(manifest.networkAccess.allowedDomains).toEqual([TEAM_BACKEND]);

    const p = await team.open({ query: { published: '1' } });
    const violations = cspViolations(p.page);
    // figment.example.org is the test backend behind the name (TLS and DNS are the network's business, not Figma's).
    await p.page.context().route(`${TEAM_BACKEND}/**`, async (route) => {
      const url = route.request().url().replace(TEAM_BACKEND, backend.url);
      await route.fulfill({ response: await route.fetch({ url }) });
    });
    expect(await settingsUrl(p.ui).inputValue()).toBe(TEAM_BACKEND);
    await p.ui.getByLabel('Access token').fill(TOKEN);
    await p.ui.getByRole('button', { name: 'Save' }).click();
    await p.ui.getByText(/^Demo mode|^Connected/).waitFor();
    expect(await fetchFromUi(p.page, `${TEAM_BACKEND}/v1/health`)).toBe('ok 200');
    // Published: devAllowedDomains no longer apply, so even the same backend at localhost is blocked.
    expect(await fetchFromUi(p.page, `${pluginUrl(backend.url)}/v1/health`)).toMatch(/^failed: TypeError/);
    expect(await fetchFromUi(p.page, 'https://figment.example.com/v1/health')).toMatch(/^failed: TypeError/);
    await expect.poll(() => violations.join('\n')).toContain(`Connecting to '${pluginUrl(backend.url)}/v1/health'`);
    expect(violations.join('\n')).toContain("Connecting to 'https://figment.example.com/v1/health'");
    expect(violations.join('\n')).not.toContain(`Connecting to '${TEAM_BACKEND}`);
  });
});
