/**
 * Hostile or unlucky clients over raw sockets: slow headers (slowloris), a connection cap, uploads counted
 * before their bodies are read and bounded in memory, guessed tokens slowed down, and a client that leaves
 * mid-upload logged as such.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { solidPng, startTestBackend, TOKEN, type TestBackend } from './helpers';

const backends: TestBackend[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const b of backends.splice(0)) await b.close(500);
});
const start = async (env: Record<string, string>) => {
  const b = await startTestBackend({ env });
  backends.push(b);
  return b;
};

function open(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.on('error', reject);
    sockets.push(socket);
  });
}

/** Resolves with how long the server took to close the socket, or `undefined` if it kept it past `withinMs`. */
function closedWithin(socket: Socket, withinMs: number): Promise<number | undefined> {
  const started = Date.now();
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), withinMs);
    socket.on('error', () => undefined);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(Date.now() - started);
    });
    socket.resume();
  });
}

const multipartHead = (url: string, length: number, boundary = 'b0undary') =>
  `POST /v1/images/edits HTTP/1.1\r\nHost: ${new URL(url).host}\r\nAuthorization: Bearer ${TOKEN}\r\n` +
  `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${length}\r\n\r\n`;

describe('slow and many connections', () => {
  it('drops a client that trickles its headers once the headers timeout passes', async () => {
    const backend = await start({ FIGMENT_HEADERS_TIMEOUT_MS: '400' });
    const socket = await open(backend.url);
    socket.write('GET /v1/health HTTP/1.1\r\nHost: x\r\n');
    const trickle = setInterval(() => socket.write('X-Slow: 1\r\n'), 100);
    const closed = await closedWithin(socket, 8_000);
    clearInterval(trickle);
    expect(closed).toBeDefined();
  });

  it('refuses connections past the cap', async () => {
    const backend = await start({ FIGMENT_MAX_CONNECTIONS: '2' });
    await open(backend.url);
    await open(backend.url);
    const third = await open(backend.url);
    expect(await closedWithin(third, 3_000)).toBeDefined();
  });
});

describe('uploads', () => {
  it('counts a paid request against the rate limit before its body is read, even a bad one', async () => {
    const backend = await start({ FIGMENT_RATE_LIMIT_RPM: '2' });
    const bad = () => {
      const form = new FormData();
      form.append('prompt', 'x');
      form.append('image', new Blob([new Uint8Array([1, 2, 3])]), 'junk.png');
      return backend.call('/v1/images/edits', { method: 'POST', body: form });
    };
    expect((await bad()).status).toBe(400);
    expect((await bad()).status).toBe(400);
    const third = await bad();
    expect(third.status).toBe(429);
    expect(((await third.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
  });

  it('bounds the memory of uploads being read at once: past it, a request waits its turn with a 503', async () => {
    const backend = await start({ FIGMENT_UPLOAD_MEMORY_MB: '1', FIGMENT_MAX_UPLOAD_MB: '1' });
    const slow = await open(backend.url);
    // Declares nearly the whole bound and sends only its head: its reservation holds while it trickles.
    slow.write(multipartHead(backend.url, 1_048_500));
    await new Promise((r) => setTimeout(r, 200));
    const form = new FormData();
    form.append('prompt', 'tint it');
    form.append('size', '1024x1024');
    form.append('image', new Blob([new Uint8Array(solidPng(32, 32))]), 'frame.png');
    const second = await backend.call('/v1/images/edits', { method: 'POST', body: form });
    expect(second.status).toBe(503);
    expect(second.headers.get('retry-after')).toBe('5');
    slow.destroy();
    await new Promise((r) => setTimeout(r, 200));
    const third = await backend.call('/v1/images/edits', { method: 'POST', body: form });
    expect(third.status).toBe(200);
  });

  it('logs a client that leaves mid-upload as a client abort, not a server error', async () => {
    const backend = await start({});
    const socket = await open(backend.url);
    socket.write(multipartHead(backend.url, 200_000));
    socket.write('--b0undary\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n');
    socket.write(Buffer.alloc(50_000, 7));
    await new Promise((r) => setTimeout(r, 200));
    socket.destroy();
    for (let i = 0; i < 50 && !backend.logs.some((l) => l.includes('client aborted')); i++) await new Promise((r) => setTimeout(r, 50));
    expect(backend.logs.some((l) => l.includes('client aborted the request'))).toBe(true);
    expect(backend.logs.filter((l) => l.includes('"level":"error"'))).toEqual([]);
  });
});

describe('guessed tokens', () => {
  it('slows an address down after repeated wrong tokens, for every token it presents', async () => {
    const backend = await start({ FIGMENT_FAILED_LOGINS_PER_MINUTE: '3' });
    for (let i = 0; i < 3; i++) expect((await backend.call('/v1/config', { token: `wrong-token-guess-${i}` })).status).toBe(401);
    const locked = await backend.call('/v1/config');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(backend.logs.some((l) => l.includes('wrong access token'))).toBe(true);
    expect(backend.logs.join('\n')).not.toContain('wrong-token-guess');
  });
});
