/**
 * A tiny OTLP/HTTP trace sink for the `poolchaos-traced` target: `node bench/dispatch/otlp-sink.ts`
 * listens on 127.0.0.1 (any free port), prints `listening on http://127.0.0.1:PORT`, answers every
 * `POST /v1/traces` with 200 `{}` once it has read the body (gzip or not) and counted its spans, and
 * serves the running tally as JSON at `GET /stats`. It stands in for a collector: it reads what it is
 * sent, as a collector would, and keeps nothing else.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { emptyTally, tallyExport } from './otlp-spans.ts';
import type { SpanTally } from './otlp-spans.ts';

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseExport(req: IncomingMessage, raw: Buffer): unknown {
  try {
    const text = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function answerJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function handle(tally: SpanTally, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'POST' && path === '/v1/traces') {
    tallyExport(tally, parseExport(req, await readBody(req)));
    answerJson(res, 200, {});
  } else if (req.method === 'GET' && path === '/stats') {
    answerJson(res, 200, tally);
  } else {
    answerJson(res, 404, { error: `${String(req.method)} ${String(path)}: this sink serves POST /v1/traces and GET /stats` });
  }
}

function main(): void {
  const tally = emptyTally();
  const server = createServer({ keepAlive: true }, (req, res) => {
    handle(tally, req, res).catch((error: unknown) => {
      if (!res.headersSent) answerJson(res, 500, { error: error instanceof Error ? error.message : String(error) });
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('otlp-sink: not listening on TCP');
    console.log(`listening on http://127.0.0.1:${String(address.port)}`);
  });
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
  });
}

if (import.meta.main) main();
