/**
 * The exact bytes of each request the driver sends. autocannon's own builder always writes
 * `Connection: keep-alive`, so a close-per-request plan would carry two contradicting Connection
 * headers; the driver writes every request itself instead and hands autocannon the buffers.
 */
import type { LoadRequestSpec } from './load-types.ts';

/** Headers the driver writes itself; the plan's own values for these are replaced. */
const DRIVER_OWNED_HEADERS = new Set(['connection', 'content-length']);

/**
 * One HTTP/1.1 request: request line, Host (the plan's own Host header if it has one, else `host`),
 * `Connection: keep-alive` or `close`, the plan's headers in order, then `Content-Length` and the body
 * when the body is not null. Header text is latin1, the body UTF-8.
 */
export function buildRequestBytes(spec: LoadRequestSpec, host: string, isKeepAlive: boolean): Buffer {
  const headerEntries = Object.entries(spec.headers);
  const ownHost = headerEntries.find(([name]) => name.toLowerCase() === 'host')?.[1];
  const lines = [`${spec.method} ${spec.path} HTTP/1.1`, `Host: ${ownHost ?? host}`, `Connection: ${isKeepAlive ? 'keep-alive' : 'close'}`];
  for (const [name, value] of headerEntries) {
    const lower = name.toLowerCase();
    if (lower !== 'host' && !DRIVER_OWNED_HEADERS.has(lower)) lines.push(`${name}: ${value}`);
  }
  const body = spec.body === null ? null : Buffer.from(spec.body, 'utf8');
  if (body !== null) lines.push(`Content-Length: ${body.length}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return body === null ? head : Buffer.concat([head, body]);
}
