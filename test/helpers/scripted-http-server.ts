/**
 * A raw-TCP HTTP/1.1 server for load driver tests. It parses each request itself (head, then a
 * Content-Length body) and does exactly what the test's script says: answer, answer with a body
 * that ends at the close, close without answering, reset, cut a response short, answer with bytes
 * that are not HTTP, or never answer.
 * It counts what it did, so tests compare the driver's counts with the server's own.
 */
import { createServer, type Socket } from 'node:net';

/** What the server does with one request. */
export type ScriptedAction =
  | { readonly kind: 'answer'; readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly body?: string }
  | { readonly kind: 'answer-until-close'; readonly status: number; readonly body: string }
  | { readonly kind: 'eof' }
  | { readonly kind: 'reset' }
  | { readonly kind: 'truncate' }
  | { readonly kind: 'garbage' }
  | { readonly kind: 'hang' };

/** Every action kind, for counting. */
export type ScriptedActionKind = ScriptedAction['kind'];

/** One request as the server parsed it. */
export interface ScriptedRequest {
  /** 0-based, over the whole server. */
  readonly index: number;
  /** Ms since the server saw its first request. */
  readonly elapsedMs: number;
  readonly connectionIndex: number;
  readonly method: string;
  readonly path: string;
  /** Header names lower-cased; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** A running scripted server; `close()` in after/afterEach. */
export interface ScriptedServer {
  readonly url: string;
  readonly port: number;
  /** Every request, in arrival order. */
  readonly requests: ScriptedRequest[];
  /** Actions taken so far, by kind. */
  readonly actionCounts: Record<ScriptedActionKind, number>;
  /** Connections accepted so far. */
  connectionCount(): number;
  /** Connections still open. */
  openConnectionCount(): number;
  close(): Promise<void>;
}

const REASON_PHRASES: Readonly<Record<number, string>> = {
  200: 'OK',
  204: 'No Content',
  304: 'Not Modified',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Starts a server on 127.0.0.1, port 0; `script` picks the action for each request. */
export async function startScriptedServer(script: (request: ScriptedRequest) => ScriptedAction): Promise<ScriptedServer> {
  const requests: ScriptedRequest[] = [];
  const actionCounts: Record<ScriptedActionKind, number> = {
    answer: 0,
    'answer-until-close': 0,
    eof: 0,
    reset: 0,
    truncate: 0,
    garbage: 0,
    hang: 0,
  };
  const sockets = new Set<Socket>();
  let connections = 0;
  let firstRequestAtMs: number | null = null;

  const server = createServer((socket) => {
    const connectionIndex = connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffered: Buffer = Buffer.alloc(0);
    let isDone = false;
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (!isDone) {
        const parsed = takeRequest(buffered);
        if (parsed === null) return;
        buffered = parsed.rest;
        firstRequestAtMs ??= performance.now();
        const request: ScriptedRequest = {
          ...parsed.request,
          index: requests.length,
          elapsedMs: performance.now() - firstRequestAtMs,
          connectionIndex,
        };
        requests.push(request);
        const action = script(request);
        actionCounts[action.kind] += 1;
        isDone = perform(socket, request, action);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('scripted server has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    requests,
    actionCounts,
    connectionCount: () => connections,
    openConnectionCount: () => sockets.size,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Performs `action`; returns true when the connection carries nothing more. */
function perform(socket: Socket, request: ScriptedRequest, action: ScriptedAction): boolean {
  switch (action.kind) {
    case 'answer': {
      const isBodiless = action.status === 204 || action.status === 304;
      const body = isBodiless ? '' : (action.body ?? 'ok');
      const lengthHeader = isBodiless ? [] : [`Content-Length: ${Buffer.byteLength(body)}`];
      const extra = Object.entries(action.headers ?? {}).map(([name, value]) => `${name}: ${value}`);
      socket.write(head(action.status, [...lengthHeader, ...extra]) + (request.method === 'HEAD' ? '' : body));
      return false;
    }
    case 'answer-until-close':
      socket.end(head(action.status, []) + action.body);
      return true;
    case 'eof':
      socket.end();
      return true;
    case 'reset':
      socket.resetAndDestroy();
      return true;
    case 'truncate':
      socket.end(`${head(200, ['Content-Length: 100'])}only part of it`);
      return true;
    case 'garbage':
      socket.write('NOT HTTP AT ALL\r\n\r\n');
      return true;
    case 'hang':
      return true;
  }
}

function head(status: number, headerLines: readonly string[]): string {
  return [`HTTP/1.1 ${status} ${REASON_PHRASES[status] ?? 'Status'}`, ...headerLines, '', ''].join('\r\n');
}

/** Takes one complete request off the front of `buffered`, or null when it has not all arrived. */
function takeRequest(buffered: Buffer): { request: Omit<ScriptedRequest, 'index' | 'elapsedMs' | 'connectionIndex'>; rest: Buffer } | null {
  const headEnd = buffered.indexOf('\r\n\r\n');
  if (headEnd < 0) return null;
  const [requestLine = '', ...headerLines] = buffered.subarray(0, headEnd).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  const bodyLength = Number(headers['content-length'] ?? '0');
  const bodyStart = headEnd + 4;
  if (buffered.length < bodyStart + bodyLength) return null;
  const [method = '', path = ''] = requestLine.split(' ');
  return {
    request: { method, path, headers, body: buffered.subarray(bodyStart, bodyStart + bodyLength).toString('utf8') },
    rest: buffered.subarray(bodyStart + bodyLength),
  };
}
