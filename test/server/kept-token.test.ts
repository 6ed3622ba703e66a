/**
 * One token, kept: without configured tokens the backend keeps its token in the data directory (mode 0600) and
 * reuses it, so the plugin's Settings survive a restart. The built backend (dist/server.mjs) as real processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { keptToken } from '../../server/tokens';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

const dataDir = () => mkdtempSync(join(tmpdir(), 'fgm-token-'));

describe('keptToken', () => {
  it('generates a token on first use, writes it owner-only, and returns the same one afterwards', () => {
    const dir = join(dataDir(), 'nested');
    const first = keptToken(dir);
    expect(first).toMatchObject({ created: true, path: join(dir, 'access-token') });
    expect(first.token).toMatch(/^fgm_[\w-]{32}$/);
    expect(statSync(first.path).mode & 0o777).toBe(0o600);
    expect(keptToken(dir)).toEqual({ ...first, created: false });
  });

  it('replaces the token when asked to renew', () => {
    const dir = dataDir();
    const first = keptToken(dir);
    const renewed = keptToken(dir, { renew: true });
    expect(renewed.created).toBe(true);
    expect(renewed.token).not.toBe(first.token);
    expect(readFileSync(renewed.path, 'utf8').trim()).toBe(renewed.token);
  });

  it('tightens a kept file that lost its mode, and refuses a file that holds no token', () => {
    const dir = dataDir();
    const { path, token } = keptToken(dir);
    chmodSync(path, 0o644);
    expect(keptToken(dir).token).toBe(token);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    writeFileSync(path, 'short\n');
    expect(() => keptToken(dir)).toThrow(/does not hold an access token; delete it or start with --new-token/);
  });
});

interface Run {
  url: string;
  output: string;
  token: string | undefined;
}

/** Starts dist/server.mjs without configured tokens and returns once it printed its token. */
async function start(dir: string, args: string[] = [], env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(process.execPath, ['dist/server.mjs', ...args], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', FIGMENT_DATA_DIR: dir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  return new Promise<Run>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /"url":"(http:[^"]+)"/.exec(output)?.[1];
      if (url && /for later starts[^\n]*\n|Access tokens: [^\n]*\n/.test(output)) {
        resolve({ url, output, token: /paste it into the plugin's Settings\): (\S+)/.exec(output)?.[1] });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => reject(new Error(`backend exited (${code}):\n${output}`)));
  });
}

const status = async (run: Run, token: string) => (await fetch(`${run.url}/v1/config`, { headers: { authorization: `Bearer ${token}` } })).status;

describe('dist/server.mjs keeps its access token', () => {
  it('prints the same token on a second start, and the second backend accepts the first one\'s token', async () => {
    const dir = dataDir();
    const first = await start(dir);
    expect(first.token).toMatch(/^fgm_/);
    expect(first.output).toContain(`New, kept in ${join(dir, 'access-token')} for later starts; \`npm start -- --new-token\` replaces it.`);
    expect(first.output).toContain('"msg":"access token generated"');
    expect(statSync(join(dir, 'access-token')).mode & 0o777).toBe(0o600);
    for (const child of children.splice(0)) child.kill('SIGKILL');

    const second = await start(dir);
    expect(second.token).toBe(first.token);
    expect(second.output).toContain(`Kept in ${join(dir, 'access-token')}`);
    expect(second.output).toContain('"msg":"access token reused"');
    // The log names the file but never the token.
    expect(second.output.split('\n').filter((l) => l.startsWith('{')).join('\n')).not.toContain(first.token!);
    expect(await status(second, first.token!)).toBe(200);
  });

  it('--new-token and FIGMENT_NEW_TOKEN=1 replace the kept token; the old one is refused', async () => {
    const dir = dataDir();
    const first = await start(dir);
    const renewed = await start(dir, ['--new-token']);
    expect(renewed.token).toMatch(/^fgm_/);
    expect(renewed.token).not.toBe(first.token);
    expect(await status(renewed, first.token!)).toBe(401);
    expect(await status(renewed, renewed.token!)).toBe(200);
    const byEnv = await start(dir, [], { FIGMENT_NEW_TOKEN: '1' });
    expect(byEnv.token).not.toBe(renewed.token);
    expect(readFileSync(join(dir, 'access-token'), 'utf8').trim()).toBe(byEnv.token);
  });

  it('keeps nothing when tokens are configured, and refuses an unknown argument', async () => {
    const dir = dataDir();
    const run = await start(dir, [], { FIGMENT_ACCESS_TOKENS: 'ana:configured-token-0123456789' });
    expect(run.output).toContain('Access tokens: 1 configured (ana)');
    expect(() => statSync(join(dir, 'access-token'))).toThrow();
    await expect(start(dir, ['--new-tokn'])).rejects.toThrow(/unknown argument --new-tokn \(the only one is --new-token\)/);
  });
});
