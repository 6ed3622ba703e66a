/** A machine without Chromium: `npm test` stops at once with one line saying how to get one. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { chromiumPath, missingChromium } from './chromium';

describe('the Chromium the e2e tests drive', () => {
  it('is /usr/bin/chromium unless FIGMENT_CHROMIUM names another', () => {
    expect(chromiumPath({})).toBe('/usr/bin/chromium');
    expect(chromiumPath({ FIGMENT_CHROMIUM: ' /opt/chromium/chrome ' })).toBe('/opt/chromium/chrome');
  });

  it('when missing, says in one line how to install it or which variable points elsewhere', () => {
    expect(missingChromium({}, () => true)).toBeUndefined();
    const line = missingChromium({}, () => false)!;
    expect(line).toMatch(/sudo apt-get install -y chromium/);
    expect(line).toMatch(/FIGMENT_CHROMIUM/);
    expect(line).not.toContain('\n');
    expect(missingChromium({ FIGMENT_CHROMIUM: '/nope' }, () => false)).toMatch(/^FIGMENT_CHROMIUM=\/nope is not an executable file/);
  });

  it('stops the test run before any test, with that line and a failing exit code', () => {
    const run = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'test/core/cost.test.ts'], {
      env: { ...process.env, FIGMENT_CHROMIUM: '/nonexistent/chromium', FIGMENT_SKIP_BUILD: '1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe('FIGMENT_CHROMIUM=/nonexistent/chromium is not an executable file: point it at a Chromium executable, or unset it to use /usr/bin/chromium.');
    expect(run.stdout).not.toMatch(/Test Files/);
  });
});
