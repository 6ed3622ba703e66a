/**
 * The built backend (`dist/server.mjs`) as a real process: start-up output, graceful shutdown that lets a
 * running job finish, and a crash mid-job that the next start marks as interrupted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JOB_ID_HEADER, type JobInfo } from '../../contract/api';

const TOKEN = 'process-test-token-0123456789';
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

async function startBackend(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['dist/server.mjs'], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', FIGMENT_ACCESS_TOKENS: `ana:${TOKEN}`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"(http:[^"]+)"/.exec(output);
      if (match && /Access tokens?[^\n]*\n/.test(output)) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    void exited.then(() => reject(new Error(`backend exited early:\n${output}`)));
  });
  return { child, url, output: () => output, exited };
}

const post = (url: string, body: unknown) =>
  fetch(`${url}/v1/images/generations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const jobInfo = async (url: string, id: string) =>
  (await (await fetch(`${url}/v1/jobs/${id}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as JobInfo;

describe('dist/server.mjs', () => {
  it('prints its URL, demo mode and a generated access token when none is configured', async () => {
    const { output, url } = await startBackend({ FIGMENT_ACCESS_TOKENS: '', FIGMENT_DATA_DIR: mkdtempSync(join(tmpdir(), 'fgm-')) });
    expect(output()).toContain(`Figment backend  ${url}`);
    expect(output()).toContain(`Backend URL for the plugin's Settings: ${url.replace('127.0.0.1', 'localhost')}`);
    expect(output()).toMatch(/DEMO MODE/);
    const token = /paste it into the plugin's Settings\): (\S+)/.exec(output())?.[1];
    expect(token).toMatch(/^fgm_/);
    const res = await fetch(`${url}/v1/config`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(output()).not.toContain('WARNING');
  });

  it('warns at start-up about a configured model OpenAI is retiring within 60 days, with the date and what to move to', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fgm-'));
    const soon = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const file = join(dir, 'models.json');
    writeFileSync(file, JSON.stringify({ models: [{ id: 'gpt-image-2.6-flare', retiresOn: soon, replacement: 'gpt-image-2.6-sunburst' }] }));
    const { output } = await startBackend({ FIGMENT_ALLOWED_MODELS: 'gpt-image-2,gpt-image-2.6-flare', FIGMENT_MODELS_FILE: file, FIGMENT_DATA_DIR: dir });
    expect(output()).toMatch(new RegExp(`WARNING: gpt-image-2\\.6-flare shuts down on ${soon} \\(in (29|30) days\\): move to gpt-image-2\\.6-sunburst`));
    expect(output()).toContain('"msg":"model retiring"');
  });

  it('refuses to start on a model OpenAI has shut down, naming the date and the replacement', async () => {
    await expect(startBackend({ FIGMENT_MODEL: 'gpt-image-1.5', FIGMENT_DATA_DIR: mkdtempSync(join(tmpdir(), 'fgm-')) })).rejects.toThrow(
      /FIGMENT_MODEL: gpt-image-1\.5 was shut down by OpenAI on 2026-12-01; use gpt-image-2\.6-sunburst or gpt-image-2\.6-flare instead/,
    );
  });

  it('on SIGTERM stops taking work but lets a running job finish and keeps its image', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fgm-'));
    const first = await startBackend({ FIGMENT_DATA_DIR: dir, FIGMENT_DEMO_DELAY_MS: '300' });
    const res = await post(first.url, { prompt: 'finish me', size: '1024x1024', stream: true, partial_images: 2 });
    const jobId = res.headers.get(JOB_ID_HEADER)!;
    first.child.kill('SIGTERM');
    const text = await res.text();
    expect(text).toContain('image_generation.completed');
    expect(await first.exited).toBe(0);

    const second = await startBackend({ FIGMENT_DATA_DIR: dir });
    const info = await jobInfo(second.url, jobId);
    expect(info.status).toBe('succeeded');
    const image = await fetch(`${second.url}${info.images[0]!.url}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(image.headers.get('content-type')).toBe('image/png');
    expect((await image.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });

  it('marks a job interrupted when the backend died while it ran', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fgm-'));
    const first = await startBackend({ FIGMENT_DATA_DIR: dir, FIGMENT_DEMO_DELAY_MS: '60000' });
    const pending = post(first.url, { prompt: 'never finishes', size: '1024x1024', stream: true }).catch(() => undefined);
    // The stream's headers come only once the job is accepted; poll the job list instead.
    let jobId: string | undefined;
    for (let i = 0; i < 50 && !jobId; i++) {
      const list = (await (await fetch(`${first.url}/v1/jobs`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { data: JobInfo[] };
      jobId = list.data[0]?.id;
      if (!jobId) await new Promise((r) => setTimeout(r, 50));
    }
    expect(jobId).toBeDefined();
    // The record is written when the job starts; crash only once it is on disk.
    for (let i = 0; i < 50 && !existsSync(join(dir, 'jobs', jobId!, 'job.json')); i++) await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGKILL');
    await first.exited;
    await pending;

    const second = await startBackend({ FIGMENT_DATA_DIR: dir });
    const info = await jobInfo(second.url, jobId!);
    expect(info.status).toBe('interrupted');
    expect(info.error?.code).toBe('job_interrupted');
    expect(second.output()).toContain('jobs interrupted by a restart');
  });

  it('keeps an image relayed just before a SIGKILL: the restarted backend lists and serves it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fgm-'));
    const first = await startBackend({ FIGMENT_DATA_DIR: dir, FIGMENT_DEMO_DELAY_MS: '1500' });
    const res = await post(first.url, { prompt: 'two, one relayed', size: '1024x1024', n: 2, stream: true, partial_images: 0 });
    const jobId = res.headers.get(JOB_ID_HEADER)!;
    // Read the stream until the first final image arrives, then kill the backend at once.
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let seen = '';
    while (!seen.includes('event: image_generation.completed')) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += value;
    }
    expect(seen).toContain('event: image_generation.completed');
    first.child.kill('SIGKILL');
    await first.exited;
    await reader.cancel().catch(() => undefined);

    const second = await startBackend({ FIGMENT_DATA_DIR: dir });
    const info = await jobInfo(second.url, jobId);
    expect(info.status).toBe('interrupted');
    expect(info.images.map((i) => i.index)).toEqual([0]);
    const image = await fetch(`${second.url}${info.images[0]!.url}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(readdirSync(join(dir, 'jobs', jobId)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
