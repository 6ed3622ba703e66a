/**
 * The upstream key never leaves the backend: the built backend runs against the stand-in with a unique key, and
 * its logs, every answer it gives (successes and failures) and everything in dist/ are scanned for it.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIStandIn, type StandIn } from '../standin';

const KEY = `test-upstream-key-${randomBytes(12).toString('hex')}`;
const TOKEN = 'key-scan-access-token-000000';
let standIn: StandIn;
let output = '';
let url = '';
let child: ReturnType<typeof spawn>;

beforeAll(async () => {
  standIn = await startOpenAIStandIn({ apiKey: KEY });
  child = spawn(process.execPath, ['dist/server.mjs'], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      OPENAI_API_KEY: KEY,
      OPENAI_BASE_URL: standIn.baseURL,
      FIGMENT_ACCESS_TOKENS: `ana:${TOKEN}`,
      FIGMENT_DATA_DIR: mkdtempSync(join(tmpdir(), 'fgm-scan-')),
      FIGMENT_LOG_PROMPTS: '1',
      FIGMENT_UPSTREAM_MAX_RETRIES: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  for (let i = 0; i < 100 && !url; i++) {
    url = /"url":"(http:[^"]+)"/.exec(output)?.[1] ?? '';
    if (!url) await new Promise((r) => setTimeout(r, 50));
  }
});
afterAll(async () => {
  child?.kill('SIGTERM');
  await standIn?.close();
});

describe('the upstream key', () => {
  it('appears in no log line and no answer, whatever happens', async () => {
    const answers: string[] = [];
    const call = async (path: string, init: RequestInit = {}) => {
      const res = await fetch(`${url}${path}`, { ...init, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...init.headers } });
      answers.push(JSON.stringify([...res.headers]), await res.text());
    };
    const generate = (body: unknown) => call('/v1/images/generations', { method: 'POST', body: JSON.stringify(body) });
    await generate({ prompt: 'ok', size: '1024x1024' });
    await generate({ prompt: 'ok', size: '1024x1024', stream: true, partial_images: 1 });
    standIn.setFaults({ invalidKey: true });
    await generate({ prompt: 'revoked', size: '1024x1024' });
    await generate({ prompt: 'revoked', size: '1024x1024', stream: true });
    standIn.setFaults({ status5xx: 3 });
    await generate({ prompt: 'broken', size: '1024x1024' });
    standIn.setFaults({ moderationBlocked: true });
    await generate({ prompt: 'refused', size: '1024x1024' });
    standIn.setFaults({ cutStreamAfterPartials: 0 });
    await generate({ prompt: 'cut', size: '1024x1024', stream: true, partial_images: 2 });
    standIn.setFaults({});
    await call('/v1/health');
    await call('/v1/config');
    await call('/v1/jobs');
    await new Promise((r) => setTimeout(r, 200));

    expect(standIn.requests.length).toBeGreaterThan(5);
    expect(standIn.requests.every((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
    expect(output).toContain('"msg":"request"');
    expect(output).not.toContain(KEY);
    expect(output).not.toContain(TOKEN);
    for (const answer of answers) expect(answer).not.toContain(KEY);
  });

  it('is not in anything built into dist/, and nothing there looks like an OpenAI key', () => {
    for (const name of readdirSync('dist')) {
      const text = readFileSync(join('dist', name), 'utf8');
      expect(text.includes(KEY)).toBe(false);
      expect(text).not.toMatch(/sk-(proj-)?[A-Za-z0-9_-]{20,}/);
    }
  });
});
