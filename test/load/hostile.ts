/**
 * Issue 13's figures for `npm run load`: memory under large concurrent uploads, half-open (slowloris)
 * connections, and /v1/health and /v1/jobs with 30,000 jobs on disk. Each starts its own built backend.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from '../../bench/report';
import { rssOf, sampleRss, startBackendProcess } from '../../bench/processes';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** `count` multipart uploads of `sizeMb` each, all at once; RSS before, at peak and after, and the answers. */
export async function uploadMemory(count = 40, sizeMb = 60): Promise<void> {
  const backend = await startBackendProcess({ FIGMENT_MAX_UPLOAD_MB: '64' });
  try {
    const before = rssOf(backend.pid);
    const sampler = sampleRss(backend.pid, 20);
    // Valid multipart framing around an oversized junk "image": the backend must read all of it to judge it.
    const blob = new Blob([new Uint8Array(sizeMb * 1024 * 1024)]);
    const statuses = await Promise.all(
      Array.from({ length: count }, async () => {
        const form = new FormData();
        form.append('prompt', 'load');
        form.append('image', blob, 'big.png');
        try {
          const res = await fetch(`${backend.url}/v1/images/edits`, { method: 'POST', headers: { authorization: `Bearer ${backend.token}` }, body: form });
          await res.arrayBuffer();
          return String(res.status);
        } catch (error) {
          // A refused upload is answered before its body is read; the client may see its socket closed mid-send.
          const cause = (error as { cause?: { code?: string } }).cause;
          return `connection closed (${cause?.code ?? 'error'})`;
        }
      }),
    );
    const peak = Math.max(...sampler.stop());
    await new Promise((r) => setTimeout(r, 2000));
    const after = (await backend.memoryAfterGc()).rss;
    const byStatus = new Map<string, number>();
    for (const s of statuses) byStatus.set(s, (byStatus.get(s) ?? 0) + 1);
    console.log(`uploads: ${count} x ${sizeMb} MB at once: RSS before ${mb(before)}, peak ${mb(peak)}, after (GC) ${mb(after)}; answers ${[...byStatus].map(([s, n]) => `${n} x ${s}`).join(', ')}`);
  } finally {
    await backend.stop();
  }
}

/** `count` connections that trickle header bytes: how long the backend keeps them, and health meanwhile. */
export async function slowloris(count = 2000): Promise<void> {
  const backend = await startBackendProcess({ FIGMENT_HEADERS_TIMEOUT_MS: '10000' });
  const { hostname, port } = new URL(backend.url);
  const sockets: Socket[] = [];
  const closedAt: number[] = [];
  const started = Date.now();
  try {
    for (let i = 0; i < count; i++) {
      const socket = connect(Number(port), hostname);
      socket.on('error', () => undefined);
      socket.on('close', () => closedAt.push(Date.now() - started));
      socket.write('GET /v1/health HTTP/1.1\r\nHost: x\r\n');
      sockets.push(socket);
    }
    const trickle = setInterval(() => {
      for (const s of sockets) if (!s.destroyed) s.write('X-a: b\r\n');
    }, 1000);
    const t0 = performance.now();
    const health = await fetch(`${backend.url}/v1/health`).then((r) => r.status, () => 0);
    const healthMs = performance.now() - t0;
    for (let waited = 0; waited < 30_000 && closedAt.length < count; waited += 500) await new Promise((r) => setTimeout(r, 500));
    clearInterval(trickle);
    console.log(
      `slowloris: ${count} trickling connections; health meanwhile ${health} in ${healthMs.toFixed(0)} ms; ` +
        `${closedAt.length} dropped by the backend, median after ${(median(closedAt) / 1000).toFixed(1)} s, last after ${(Math.max(0, ...closedAt) / 1000).toFixed(1)} s`,
    );
  } finally {
    for (const s of sockets) s.destroy();
    await backend.stop();
  }
}

/** A data directory holding `count` finished jobs of one small image each, spread over 20 tokens. */
function dataDirWithJobs(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'figment-load-jobs-'));
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a2dc8b8b0000000049454e44ae426082', 'hex');
  for (let i = 0; i < count; i++) {
    const id = `job_${i.toString(16).padStart(32, '0')}`;
    const folder = join(dir, 'jobs', id);
    mkdirSync(folder, { recursive: true });
    const owner = i % 20 === 0 ? 'bench' : `team-${i % 20}`;
    const createdAt = Date.now() - (count - i) * 1000;
    writeFileSync(
      join(folder, 'job.json'),
      JSON.stringify({
        id,
        owner,
        kind: 'generation',
        status: 'succeeded',
        createdAt,
        finishedAt: createdAt + 500,
        summary: { model: 'gpt-image-2', size: '1024x1024', quality: 'low', n: 1 },
        images: [{ index: 0, size: '1x1', outputFormat: 'png', bytes: png.length }],
      }),
    );
    writeFileSync(join(folder, 'image-0'), png);
  }
  return dir;
}

export async function healthAtScale(count = 30_000): Promise<void> {
  const dir = dataDirWithJobs(count);
  const t0 = performance.now();
  const backend = await startBackendProcess({ FIGMENT_DATA_DIR: dir });
  const startMs = performance.now() - t0;
  try {
    const time = async (path: string, auth: boolean) => {
      const t = performance.now();
      const res = await fetch(`${backend.url}${path}`, auth ? { headers: { authorization: `Bearer ${backend.token}` } } : {});
      await res.arrayBuffer();
      return performance.now() - t;
    };
    const health: number[] = [];
    for (let i = 0; i < 20; i++) health.push(await time('/v1/health', false));
    const c0 = performance.now();
    await Promise.all(Array.from({ length: 20 }, () => time('/v1/health', false)));
    const concurrent = performance.now() - c0;
    const jobs: number[] = [];
    for (let i = 0; i < 10; i++) jobs.push(await time('/v1/jobs?limit=50', true));
    console.log(
      `${count} jobs on disk: start-up ${(startMs / 1000).toFixed(1)} s; /v1/health median ${median(health).toFixed(1)} ms, ` +
        `20 concurrent in ${concurrent.toFixed(0)} ms; /v1/jobs (1,500 of this token's) median ${median(jobs).toFixed(1)} ms`,
    );
  } finally {
    await backend.stop();
  }
}
