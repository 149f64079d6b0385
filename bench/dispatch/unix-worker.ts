/**
 * One upstream worker of the nginx target: `node bench/dispatch/unix-worker.ts <socketPath>` serves the
 * hello module on a Unix socket and prints `listening on unix:<socketPath>` when nginx may connect.
 * The socket is made world-writable because nginx workers run as `nobody` when nginx starts as root.
 */
import { chmodSync, rmSync } from 'node:fs';
import { closeOnSigterm, listenHello } from './hello-server.ts';

async function main(argv: readonly string[]): Promise<void> {
  const socketPath = argv[0];
  if (socketPath === undefined || socketPath.startsWith('-')) {
    console.error('usage: node bench/dispatch/unix-worker.ts <socketPath>');
    process.exitCode = 2;
    return;
  }
  rmSync(socketPath, { force: true });
  const server = await listenHello({ path: socketPath });
  chmodSync(socketPath, 0o666);
  closeOnSigterm(server);
  console.log(`listening on unix:${socketPath}`);
}

if (import.meta.main) await main(process.argv.slice(2));
