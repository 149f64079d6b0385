import type { IncomingMessage, ServerResponse } from 'node:http';

/** Requests this process serves before it crashes, unless the request says `?crashAfter=N`. */
const DEFAULT_CRASH_AFTER = 3000;

let requestsSeen = 0;

/**
 * A handler with a bug that kills its process: on the Nth request it receives, an uncaught exception.
 * Hosted in a worker, only that worker dies; hosted in the front (`inProcess: true`), the server does.
 */
export default function crashAfter(req: IncomingMessage, res: ServerResponse): void {
  requestsSeen++;
  const limit = Number(new URL(req.url ?? '/', 'http://app').searchParams.get('crashAfter') ?? DEFAULT_CRASH_AFTER);
  if (requestsSeen === limit) {
    setImmediate(() => {
      throw new Error(`crash-after: request ${String(requestsSeen)} hit the bug`);
    });
    return;
  }
  const body = `request ${String(requestsSeen)} of this process\n`;
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
