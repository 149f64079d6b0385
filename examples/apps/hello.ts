import type { IncomingMessage, ServerResponse } from 'node:http';

/** The smallest handler module: a Node request listener as the default export. */
export default function hello(req: IncomingMessage, res: ServerResponse): void {
  const body = `hello from worker ${process.pid} at ${req.url ?? '/'}\n`;
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
