/**
 * Starts the pieces a benchmark or load run measures, each in its own process as in production: the OpenAI
 * stand-in (test/standin) and the built backend (dist/server.mjs). Sampling a process's memory reads /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface Child {
  process: ChildProcess;
  pid: number;
  stop(): Promise<void>;
}

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = pattern.exec(out);
      if (match) resolve(match);
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`process exited (${code}) before it was ready:\n${out}`)));
  });
}

function asChild(process: ChildProcess): Child {
  return {
    process,
    pid: process.pid!,
    stop: () =>
      new Promise((resolve) => {
        if (process.exitCode !== null) return resolve();
        process.once('exit', () => resolve());
        process.kill('SIGTERM');
      }),
  };
}

export interface StandInProcess extends Child {
  baseURL: string;
  apiKey: string;
}

/** Options are those of `startOpenAIStandIn` (test/standin), passed as JSON. */
export async function startStandInProcess(options: Record<string, unknown>): Promise<StandInProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench/standin-main.ts'), JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const match = await waitForLine(child, /STANDIN (\S+) (\S+)\n/);
  return { ...asChild(child), baseURL: match[1]!, apiKey: match[2]! };
}

export interface BackendProcess extends Child {
  url: string;
  token: string;
  /** Runs a full GC in the backend and returns its memory use (needs Node's --expose-gc, which this passes). */
  memoryAfterGc(): Promise<NodeJS.MemoryUsage>;
}

export async function startBackendProcess(env: Record<string, string>): Promise<BackendProcess> {
  const token = 'bench-access-token-0123456789';
  const child = spawn(process.execPath, ['--expose-gc', join(root, 'dist/server.mjs')], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      FIGMENT_ACCESS_TOKENS: `bench:${token}`,
      FIGMENT_DATA_DIR: mkdtempSync(join(tmpdir(), 'figment-bench-')),
      FIGMENT_RATE_LIMIT_RPM: '1000000',
      FIGMENT_IMAGES_PER_DAY: '1000000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const match = await waitForLine(child, /"url":"(http:[^"]+)"/);
  let log = '';
  child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  return {
    ...asChild(child),
    url: match[1]!,
    token,
    async memoryAfterGc() {
      const seen = log.length;
      child.kill('SIGUSR2');
      for (let i = 0; i < 100; i++) {
        const line = log.slice(seen).split('\n').find((l) => l.includes('"msg":"memory"'));
        if (line) return JSON.parse(line) as NodeJS.MemoryUsage;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error('the backend did not report its memory');
    },
  };
}

/** Resident set size of a process in bytes (Linux). */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return kb * 1024;
}

/** Samples a process's RSS every `everyMs` until stopped; returns the samples. */
export function sampleRss(pid: number, everyMs = 20): { stop(): number[] } {
  const samples: number[] = [];
  const timer = setInterval(() => {
    try {
      samples.push(rssOf(pid));
    } catch {
      /* process gone */
    }
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return samples;
    },
  };
}
