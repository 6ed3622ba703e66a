import { EventSourceParserStream } from 'eventsource-parser/stream';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { createLogger, memorySink } from '../../server/log';
import { startServer, type RunningServer, type StartOptions } from '../../server/server';

export const TOKEN = 'test-access-token-ana';

export interface TestBackend extends RunningServer {
  logs: string[];
  call(path: string, init?: RequestInit & { json?: unknown; token?: string | null }): Promise<Response>;
}

/** The real backend on loopback port 0, with a known access token and logs captured in memory. */
export async function startTestBackend(options: StartOptions = {}): Promise<TestBackend> {
  const sink = memorySink();
  const running = await startServer({
    ...options,
    env: {
      FIGMENT_ACCESS_TOKENS: `ana:${TOKEN},ben:test-access-token-ben`,
      FIGMENT_DATA_DIR: mkdtempSync(join(tmpdir(), 'figment-store-')),
      ...options.env,
    },
    config: { port: 0, demoDelayMs: 0, ...options.config },
    logger: options.logger ?? createLogger(sink),
  });
  return {
    ...running,
    logs: sink.lines,
    call(path, init = {}) {
      const { json, token = TOKEN, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (token !== null) headers.set('authorization', `Bearer ${token}`);
      if (json !== undefined) headers.set('content-type', 'application/json');
      return fetch(`${running.url}${path}`, {
        method: json !== undefined ? 'POST' : 'GET',
        ...rest,
        headers,
        body: json !== undefined ? JSON.stringify(json) : rest.body,
      });
    },
  };
}

export interface SseMessage {
  event: string | undefined;
  data: string;
}

export async function readSse(response: Response): Promise<SseMessage[]> {
  const messages: SseMessage[] = [];
  const stream = response.body!.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
  for await (const m of stream) messages.push({ event: m.event, data: m.data });
  return messages;
}

export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const png = PNG.sync.read(Buffer.from(bytes));
  return { width: png.width, height: png.height };
}

/** A real PNG of one colour (RGBA). */
export function solidPng(width: number, height: number, rgba: [number, number, number, number] = [200, 50, 50, 255]): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) png.data.set(rgba, i * 4);
  return PNG.sync.write(png);
}
