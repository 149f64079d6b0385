import type { IncomingMessage, ServerResponse } from 'node:http';

/** Longest delay a request may ask for, so a typo cannot park a connection for long. */
const MAX_SLEEP_MS = 10_000;

/** A handler that answers after `?sleepMs=N` milliseconds (0 by default): a stand-in for slow work. */
export default function slow(req: IncomingMessage, res: ServerResponse): void {
  const sleepMs = Math.min(MAX_SLEEP_MS, Number(new URL(req.url ?? '/', 'http://app').searchParams.get('sleepMs') ?? 0) || 0);
  setTimeout(() => {
    const body = `done after ${String(sleepMs)}ms by worker ${String(process.pid)}\n`;
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }, sleepMs);
}
