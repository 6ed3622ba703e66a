/**
 * A loopback HTTP proxy in front of the backend that drops the client's connection once, mid-answer: when the
 * first answer to a `POST` on `path` has passed on a chunk containing `after`, the client's socket is destroyed
 * (as Wi-Fi, sleep or a proxy would), while the backend's side is left to finish on its own.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DroppingProxy {
  url: string;
  /** How many connections were dropped so far (0 or 1). */
  dropped(): number;
  close(): Promise<void>;
}

export async function startDroppingProxy(target: string, options: { path: string; after: string }): Promise<DroppingProxy> {
  const upstream = new URL(target);
  let dropped = 0;
  const server: Server = createServer((req, res) => {
    const drop = dropped === 0 && req.method === 'POST' && req.url === options.path;
    const forward = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.on('data', (chunk: Buffer) => {
          res.write(chunk);
          if (drop && dropped === 0 && chunk.toString('latin1').includes(options.after)) {
            dropped++;
            // Let the chunk reach the client, then cut it off.
            setTimeout(() => res.socket?.destroy(), 20);
          }
        });
        answer.on('end', () => res.end());
        answer.on('error', () => res.destroy());
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    dropped: () => dropped,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
