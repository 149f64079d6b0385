/**
 * Header rewriting at the front: hop-by-hop headers stop here (RFC 9110 §7.6.1), X-Forwarded-* are
 * added toward the worker, and the request head is serialised once so a replay reuses it.
 */
import type { IncomingMessage } from 'node:http';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** How the request body travels to the worker. */
export type BodyFraming = 'none' | 'length' | 'chunked';

export interface UpstreamHead {
  /** The serialised request line and headers, ending with the blank line. */
  readonly text: string;
  readonly framing: BodyFraming;
  /** Declared content-length, or -1. */
  readonly contentLength: number;
}

/** Names listed in a Connection header, which are hop-by-hop for this message only. */
function connectionTokens(value: string | undefined): Set<string> | null {
  if (value === undefined) return null;
  const tokens = value
    .toLowerCase()
    .split(',')
    .map((token) => token.trim())
    .filter((token) => token !== '' && token !== 'close' && token !== 'keep-alive');
  return tokens.length === 0 ? null : new Set(tokens);
}

/**
 * Builds the head the front sends to a worker for `req`. A non-null `traceparent` replaces the
 * client's (the front's span is then the worker span's parent); `tracestate` passes through.
 */
export function buildUpstreamHead(req: IncomingMessage, clientAddress: string, traceparent: string | null = null): UpstreamHead {
  const raw = req.rawHeaders;
  const extraHopByHop = connectionTokens(req.headers.connection);
  let text = `${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/1.1\r\n`;
  let forwardedFor: string | null = null;
  let contentLength = -1;
  let isChunked = false;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    const value = raw[i + 1] as string;
    const lower = name.toLowerCase();
    if (lower === 'transfer-encoding') {
      isChunked = value.toLowerCase().includes('chunked');
      continue;
    }
    if (HOP_BY_HOP.has(lower) || extraHopByHop?.has(lower) === true) continue;
    if (lower === 'x-forwarded-for') {
      forwardedFor = forwardedFor === null ? value : `${forwardedFor}, ${value}`;
      continue;
    }
    if (lower === 'x-forwarded-proto' || lower === 'x-forwarded-host') continue;
    if (traceparent !== null && lower === 'traceparent') continue;
    if (lower === 'content-length') contentLength = Number(value);
    text += `${name}: ${value}\r\n`;
  }
  text += `x-forwarded-for: ${forwardedFor === null ? clientAddress : `${forwardedFor}, ${clientAddress}`}\r\n`;
  text += 'x-forwarded-proto: http\r\n';
  if (req.headers.host !== undefined) text += `x-forwarded-host: ${req.headers.host}\r\n`;
  if (traceparent !== null) text += `traceparent: ${traceparent}\r\n`;
  let framing: BodyFraming = 'none';
  if (isChunked) {
    framing = 'chunked';
    text += 'transfer-encoding: chunked\r\n';
  } else if (contentLength > 0) {
    framing = 'length';
  }
  text += 'connection: keep-alive\r\n\r\n';
  return { text, framing, contentLength };
}

/** The worker's response headers without hop-by-hop ones, flattened for `res.writeHead`. */
export function filterResponseHeaders(rawHeaders: readonly string[]): string[] {
  // Every Connection header counts: a handler may send several (res.setHeader('Connection', [...])).
  let extraHopByHop: Set<string> | null = null;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if ((rawHeaders[i] as string).toLowerCase() !== 'connection') continue;
    for (const token of connectionTokens(rawHeaders[i + 1]) ?? []) (extraHopByHop ??= new Set()).add(token);
  }
  const kept: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || extraHopByHop?.has(lower) === true) continue;
    kept.push(name, rawHeaders[i + 1] as string);
  }
  return kept;
}
