/**
 * Serves the hello module with `http.createServer`, the same way for every Node-based target (Unix
 * socket behind nginx, cluster worker, plain process), so only the path in front of the handler
 * differs between targets.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import hello from './hello.ts';

/**
 * Idle keep-alive connections stay open longer than nginx's upstream keepalive_timeout (60 s), so
 * nginx never reuses a connection the worker is closing at that moment (the usual 502 race).
 */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** Where a hello server listens: a TCP port on a loopback host, or a Unix socket path. */
export type HelloListenTarget = { readonly host: string; readonly port: number } | { readonly path: string };

/** Starts an HTTP/1.1 keep-alive server for the hello module; resolves once it is listening. */
export function listenHello(target: HelloListenTarget): Promise<Server> {
  const server = createServer({ keepAlive: true, keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS }, hello);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const onListening = (): void => {
      server.off('error', reject);
      resolve(server);
    };
    if ('path' in target) server.listen(target.path, onListening);
    else server.listen(target.port, target.host, onListening);
  });
}

/** On SIGTERM: stop accepting, drop every connection (the benchmark is over) and let the process end. */
export function closeOnSigterm(server: Server): void {
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
  });
}

/** The TCP port a listening server got (after `listen(0)`). */
export function portOf(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('hello server is not listening on TCP');
  return address.port;
}

/** Parses `--port N` (default 0 = any free port) from a server script's arguments. */
export function parsePortArg(argv: readonly string[]): number {
  const index = argv.indexOf('--port');
  if (index === -1) return 0;
  const port = Number(argv[index + 1]);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port needs a port number, got ${String(argv[index + 1])}`);
  return port;
}
