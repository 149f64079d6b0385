/**
 * The no-hop limit: `node bench/dispatch/plain-server.ts [--port N]` serves the hello module from one
 * process on 127.0.0.1 and prints `listening on http://127.0.0.1:PORT`.
 */
import { closeOnSigterm, listenHello, parsePortArg, portOf } from './hello-server.ts';

async function main(argv: readonly string[]): Promise<void> {
  const server = await listenHello({ host: '127.0.0.1', port: parsePortArg(argv) });
  closeOnSigterm(server);
  console.log(`listening on http://127.0.0.1:${String(portOf(server))}`);
}

if (import.meta.main) await main(process.argv.slice(2));
