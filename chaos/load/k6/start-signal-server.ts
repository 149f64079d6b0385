/**
 * The loopback HTTP endpoint the k6 script's setup() calls once, just before k6 starts the load: the
 * moment it arrives is the run's `startedAtMs`, told to the caller at once so fault timelines align
 * with the load as they do under autocannon. The path carries a random token so nothing else can
 * trigger it by accident.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running signal endpoint. */
export interface SignalServer {
  /** The URL to GET, e.g. `http://127.0.0.1:40123/poolchaos-start/1f…`. */
  readonly url: string;
  /** Epoch ms of the first signal, or null before it. */
  signaledAtMs(): number | null;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/**
 * Listens on 127.0.0.1, port 0. The first GET of the URL calls `onSignal(epochMs)` and is answered
 * 204 after it returns (500 when it throws; the run then fails in k6's setup()); later ones get 204
 * and no call; any other request 404.
 */
export async function startSignalServer(onSignal: (atMs: number) => void): Promise<SignalServer> {
  const path = `/poolchaos-start/${randomBytes(12).toString('hex')}`;
  let signaledAtMs: number | null = null;
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== path) {
      response.writeHead(404).end();
      return;
    }
    if (signaledAtMs !== null) {
      response.writeHead(204).end();
      return;
    }
    signaledAtMs = Date.now();
    try {
      onSignal(signaledAtMs);
      response.writeHead(204).end();
    } catch {
      response.writeHead(500).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}${path}`,
    signaledAtMs: () => signaledAtMs,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
