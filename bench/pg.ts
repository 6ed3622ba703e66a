/**
 * Section 7: several instances on PostgreSQL, in a private throwaway cluster (test/server/pg-cluster.ts).
 * - one backend against two on the same database: throughput and the relay's added time at 50 concurrent
 *   streams, against the same streams made directly to the stand-in;
 * - CPU per relayed image for each job store (disk, PostgreSQL; for PostgreSQL the database server's CPU too);
 * - images as bytea against large objects (the choice in server/jobs/pg-schema.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import pg from 'pg';
import { pgBinaries, startPgCluster, type PgCluster } from '../test/server/pg-cluster';
import { startBackendProcess, startStandInProcess, type BackendProcess } from './processes';
import { median, spread, type Section } from './report';

const LATENCY_MS = 300;
const INTERVAL_MS = 100;
const STREAMS = 50;
const ROUNDS = 4;

/** CPU seconds (user + system) a process has used, from /proc. */
function cpuOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100/s on Linux)
}

/** CPU seconds of the PostgreSQL server: the postmaster and every backend it forked (live ones). */
function clusterCpu(cluster: PgCluster): number {
  const postmaster = Number(readFileSync(join(cluster.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  let total = cpuOf(postmaster);
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const fields = readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (Number(fields[1]) === postmaster) total += (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      /* gone */
    }
  }
  return total;
}

async function database(cluster: PgCluster, name: string): Promise<string> {
  const client = new pg.Client(cluster.url);
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(cluster.url);
  url.pathname = `/${name}`;
  return url.toString();
}

async function stream(client: OpenAI): Promise<number> {
  const started = performance.now();
  const s = await client.images.generate({ model: 'gpt-image-2', prompt: 'bench', size: '1024x1024', quality: 'low', stream: true, partial_images: 2 });
  let final = NaN;
  for await (const event of s) if (event.type === 'image_generation.completed') final = performance.now() - started;
  return final;
}

/** One round of `STREAMS` concurrent streams spread over `clients`: each stream's time to its final image, and the wall time. */
async function round(clients: OpenAI[]): Promise<{ finals: number[]; wallMs: number }> {
  const started = performance.now();
  const finals = await Promise.all(Array.from({ length: STREAMS }, (_, i) => stream(clients[i % clients.length]!)));
  return { finals, wallMs: performance.now() - started };
}

const clientOf = (b: BackendProcess) => new OpenAI({ apiKey: b.token, baseURL: `${b.url}/v1`, maxRetries: 0 });

/** bytea against large objects: writing and reading back `count` images of `bytes` each. */
async function imageStorage(url: string, count = 30, bytes = 1_500_000): Promise<Record<string, { writeMs: number; readMs: number }>> {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const image = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i += 4) image.writeUInt32LE((i * 2654435761) >>> 0, i); // incompressible-ish, like a PNG
  await pool.query('CREATE TABLE bench_bytea (id int PRIMARY KEY, bytes bytea NOT NULL); CREATE TABLE bench_lo (id int PRIMARY KEY, oid oid NOT NULL)');
  const timed = async (work: () => Promise<unknown>) => {
    const t = performance.now();
    await work();
    return performance.now() - t;
  };
  const ids = Array.from({ length: count }, (_, i) => i);
  const result = {
    bytea: {
      writeMs: await timed(() => Promise.all(ids.map((i) => pool.query('INSERT INTO bench_bytea VALUES ($1, $2)', [i, image])))),
      readMs: await timed(() => Promise.all(ids.map((i) => pool.query('SELECT bytes FROM bench_bytea WHERE id = $1', [i])))),
    },
    largeObject: {
      writeMs: await timed(() => Promise.all(ids.map((i) => pool.query('INSERT INTO bench_lo VALUES ($1, lo_from_bytea(0, $2))', [i, image])))),
      readMs: await timed(() => Promise.all(ids.map((i) => pool.query('SELECT lo_get(oid) AS bytes FROM bench_lo WHERE id = $1', [i])))),
    },
  };
  await pool.end();
  return result;
}

export async function pgSection(): Promise<Section> {
  const title = `Several instances on PostgreSQL (${STREAMS} concurrent streams, stand-in latency ${LATENCY_MS} ms, events ${INTERVAL_MS} ms apart)`;
  const found = pgBinaries();
  if ('missing' in found) return { id: 8, title, rows: [{ measure: 'skipped', value: found.missing, goal: '', met: null }], data: {} };
  const cluster = await startPgCluster();
  const standIn = await startStandInProcess({ latencyMs: LATENCY_MS, partialIntervalMs: INTERVAL_MS, validate: false, uniqueImages: false });
  const upstream = { OPENAI_API_KEY: standIn.apiKey, OPENAI_BASE_URL: standIn.baseURL, FIGMENT_MODERATION: 'off' };
  const backends: BackendProcess[] = [];
  const start = async (env: Record<string, string>) => backends[backends.push(await startBackendProcess({ ...upstream, ...env })) - 1]!;
  const rows: Section['rows'] = [];
  const data: Record<string, unknown> = {};
  try {
    const shared = await database(cluster, 'bench_shared');
    const disk = await start({});
    const one = await start({ FIGMENT_DATABASE_URL: shared });
    const two = await start({ FIGMENT_DATABASE_URL: shared });
    const direct = new OpenAI({ apiKey: standIn.apiKey, baseURL: standIn.baseURL, maxRetries: 0 });
    const setups: Array<[string, OpenAI[], BackendProcess[]]> = [
      ['direct to the stand-in', [direct], []],
      ['one instance, disk store', [clientOf(disk)], [disk]],
      ['one instance, PostgreSQL', [clientOf(one)], [one]],
      ['two instances, one PostgreSQL', [clientOf(one), clientOf(two)], [one, two]],
    ];
    for (const [, clients] of setups) await round(clients); // warm-up
    const results = new Map<string, { finals: number[]; walls: number[]; cpuMs: number; dbCpuMs: number }>(setups.map(([n]) => [n, { finals: [], walls: [], cpuMs: 0, dbCpuMs: 0 }]));
    // Alternate so that drift on the machine hits every set-up alike.
    for (let r = 0; r < ROUNDS; r++) {
      for (const [name, clients, measured] of setups) {
        const cpu0 = measured.reduce((t, b) => t + cpuOf(b.pid), 0);
        const db0 = clusterCpu(cluster);
        const { finals, wallMs } = await round(clients);
        const entry = results.get(name)!;
        entry.finals.push(...finals);
        entry.walls.push(wallMs);
        entry.cpuMs += (measured.reduce((t, b) => t + cpuOf(b.pid), 0) - cpu0) * 1000;
        entry.dbCpuMs += (clusterCpu(cluster) - db0) * 1000;
      }
    }
    const base = median(results.get('direct to the stand-in')!.finals);
    const images = STREAMS * ROUNDS;
    for (const [name, , measured] of setups) {
      const r = results.get(name)!;
      const throughput = (STREAMS / median(r.walls)) * 1000;
      data[name] = { ...r, throughputPerS: throughput };
      rows.push({ measure: `${name}: time to final image`, value: `${spread(r.finals, 1, ' ms')}${measured.length ? `, +${(median(r.finals) - base).toFixed(1)} ms over direct` : ''}`, goal: '', met: null });
      rows.push({ measure: `${name}: throughput`, value: `${throughput.toFixed(1)} images/s (${STREAMS} per round, median round ${median(r.walls).toFixed(0)} ms)`, goal: '', met: null });
      if (measured.length) {
        const db = name.includes('PostgreSQL') ? ` + database ${(r.dbCpuMs / images).toFixed(2)} ms` : '';
        rows.push({ measure: `${name}: CPU per relayed image`, value: `backend ${(r.cpuMs / images).toFixed(2)} ms${db}`, goal: '', met: null });
      }
    }
    const storage = await imageStorage(await database(cluster, 'bench_images'));
    data.imageStorage = storage;
    for (const [kind, t] of Object.entries(storage)) {
      rows.push({ measure: `images as ${kind === 'bytea' ? 'bytea' : 'large objects'}: 30 × 1.5 MB, 4 at once`, value: `write ${t.writeMs.toFixed(0)} ms, read ${t.readMs.toFixed(0)} ms`, goal: '', met: null });
    }
  } finally {
    for (const b of backends) await b.stop();
    await standIn.stop();
    cluster.stop();
  }
  return {
    id: 8,
    title,
    rows,
    data,
    notes: [
      'The stand-in, the backends, PostgreSQL and the client share two cores: two instances on one machine measure the database’s cost, not the capacity a second machine would add.',
      'Database CPU counts the cluster’s server processes alive at the end of each round (pooled connections persist, so that is all of them).',
    ],
  };
}
