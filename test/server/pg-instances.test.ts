/**
 * Several backend instances on one PostgreSQL database, with the OpenAI stand-in as upstream: two real
 * backends in this process share a daily budget exactly, cancel each other's jobs, serve each other's Recent
 * and images; a third, the built dist/server.mjs as a child process, is killed with SIGKILL mid-job and the
 * others mark its job interrupted while keeping the image it had finished.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_ID_HEADER, type JobInfo, type JobList } from '../../contract/api';
import { startOpenAIStandIn, type StandIn } from '../standin';
import { startTestBackend, TOKEN, type TestBackend } from './helpers';
import { freshDatabase, pgSkipped } from './pg-helpers';

const skip = pgSkipped();
const BEN = 'test-access-token-ben';

describe.skipIf(skip)('two backend instances on one PostgreSQL database', () => {
  let standIn: StandIn;
  let databaseUrl: string;
  let a: TestBackend;
  let b: TestBackend;
  const children: ChildProcess[] = [];

  const env = () => ({
    OPENAI_API_KEY: standIn.apiKey,
    OPENAI_BASE_URL: standIn.baseURL,
    FIGMENT_DATABASE_URL: databaseUrl,
    FIGMENT_IMAGES_PER_DAY: '10',
    FIGMENT_RATE_LIMIT_RPM: '1000',
    // In this process (two busy backends and the test on one event loop), a lease with room; the child's is 1 s.
    FIGMENT_INSTANCE_LEASE_MS: '5000',
  });

  beforeAll(async () => {
    standIn = await startOpenAIStandIn({ validate: false });
    databaseUrl = await freshDatabase();
    [a, b] = await Promise.all([startTestBackend({ env: env() }), startTestBackend({ env: env() })]);
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all([a?.close(1000), b?.close(1000)]);
    await standIn?.close();
  });

  const generate = (backend: TestBackend, json: Record<string, unknown>, token = TOKEN) =>
    backend.call('/v1/images/generations', { json: { size: '1024x1024', quality: 'low', ...json }, token });

  it('lets exactly 10 of 50 simultaneous requests through a daily budget of 10, spread over both', async () => {
    standIn.setOptions({ latencyMs: 50, partialIntervalMs: 0 });
    const before = standIn.requests.filter((r) => r.path === '/v1/images/generations').length;
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => generate(i % 2 ? a : b, { prompt: `race ${i}` })));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(40);
    const refused = (await answers.find((r) => r.status === 429)!.json()) as { error: { code: string; message: string } };
    expect(refused.error).toMatchObject({ code: 'budget_exceeded' });
    expect(refused.error.message).toMatch(/Daily budget of 10 images reached/);
    // Only the admitted ten reached OpenAI, from both instances.
    expect(standIn.requests.filter((r) => r.path === '/v1/images/generations').length - before).toBe(10);
    const left = async (backend: TestBackend) => ((await (await backend.call("/v1/config")).json()) as { remaining: { imagesToday: number } }).remaining.imagesToday;
    expect(await left(a)).toBe(0);
    expect(await left(b)).toBe(0);
  });

  it('cancels a job on the instance running it when DELETE reaches the other', async () => {
    standIn.setOptions({ latencyMs: 0, partialIntervalMs: 1_500 });
    const res = await generate(a, { prompt: 'cancel me from b', stream: true, partial_images: 2 }, BEN);
    expect(res.status).toBe(200);
    const id = res.headers.get(JOB_ID_HEADER)!;
    const upstream = standIn.requests.filter((r) => r.path === '/v1/images/generations').at(-1)!;
    const cancelled = await b.call(`/v1/jobs/${id}`, { method: 'DELETE', token: BEN });
    expect(cancelled.status).toBe(200);
    expect(((await cancelled.json()) as JobInfo).status).toBe('cancelled');
    await res.text().catch(() => undefined);
    expect(((await (await a.call(`/v1/jobs/${id}`, { token: BEN })).json()) as JobInfo).status).toBe('cancelled');
    // Instance A stopped paying for it: its upstream call was aborted.
    await expect.poll(() => upstream.aborted).toBe(true);
    // Once ended, a second DELETE says so, from either instance.
    expect((await a.call(`/v1/jobs/${id}`, { method: 'DELETE', token: BEN })).status).toBe(409);
  });

  it('serves Recent and job images from either instance', async () => {
    standIn.setOptions({ latencyMs: 0, partialIntervalMs: 0 });
    const res = await generate(b, { prompt: 'kept on b' }, BEN);
    expect(res.status).toBe(200);
    const id = res.headers.get(JOB_ID_HEADER)!;
    for (const backend of [a, b]) {
      // The stream ends as the job finishes; its final record reaches the database a moment later, so the other
      // instance may still read it running.
      const find = async () => ((await (await backend.call('/v1/jobs', { token: BEN })).json()) as JobList).data.find((j) => j.id === id);
      await expect.poll(async () => (await find())?.status, { timeout: 5_000 }).toBe('succeeded');
      const job = (await find())!;
      // Who ran it, by token name, read back from PostgreSQL by either instance.
      expect(job).toMatchObject({ status: 'succeeded', owner: 'ben' });
      const image = await backend.call(job.images[0]!.url, { token: BEN });
      expect(image.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await image.arrayBuffer()).equals(Buffer.from(standIn.replies.at(-1)!.finals[0]!))).toBe(true);
      // Another token sees none of it.
      expect((await backend.call(`/v1/jobs/${id}`)).status).toBe(404);
    }
  });

  it('marks the jobs of an instance killed with SIGKILL interrupted, keeping the image it had finished', async () => {
    standIn.setOptions({ latencyMs: 0, partialIntervalMs: 1_500 });
    const child = spawn(process.execPath, ['dist/server.mjs'], {
      env: { PATH: process.env.PATH ?? '', PORT: '0', FIGMENT_ACCESS_TOKENS: `ben:${BEN}`, FIGMENT_DATA_DIR: mkdtempSync(join(tmpdir(), 'fgm-')), ...env(), FIGMENT_INSTANCE_LEASE_MS: '1000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /"msg":"figment backend listening".*?"url":"(http:[^"]+)"/.exec(output);
        if (match) resolve(match[1]!);
      });
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      void exited.then(() => reject(new Error(`backend exited early:\n${output}`)));
    });
    const res = await fetch(`${url}/v1/images/generations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'two, one finished', size: '1024x1024', quality: 'low', n: 2, stream: true, partial_images: 0 }),
    });
    const id = res.headers.get(JOB_ID_HEADER)!;
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    for (let seen = ''; !seen.includes('event: image_generation.completed'); ) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += value;
    }
    child.kill('SIGKILL');
    await exited;
    await reader.cancel().catch(() => undefined);

    // Still running while the dead instance's lease (1 s) has not lapsed; then the live instances' sweep ends it.
    const info = async () => (await (await a.call(`/v1/jobs/${id}`, { token: BEN })).json()) as JobInfo;
    await expect.poll(async () => (await info()).status, { timeout: 15_000 }).toBe('interrupted');
    const job = await info();
    expect(job.error?.code).toBe('job_interrupted');
    expect(job.images.map((i) => i.index)).toEqual([0]);
    const image = await b.call(job.images[0]!.url, { token: BEN });
    expect(image.status).toBe(200);
    expect(Buffer.from(await image.arrayBuffer()).equals(Buffer.from(standIn.replies.at(-1)!.finals[0]!))).toBe(true);
  });
});
