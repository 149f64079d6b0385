/**
 * The parts of an autocannon 9.0.0 client (`lib/httpClient.js`) that the driver reaches into, named in
 * one place. autocannon is pinned at 9.0.0 in package.json; a version bump must re-check each one.
 *
 * - `_connect()` opens `conn`, wires its 'data'/'end'/'error' listeners and sends the first request.
 *   autocannon calls it again on the socket's 'end' and 'error' without detaching the old socket,
 *   without clearing `pipelinedRequests` and without resetting `parser`.
 * - `_doRequest()` emits 'request' (undocumented) and writes the next request, unless the per-client
 *   rate budget is spent (then it sets `paused`, and the rate interval calls it again).
 * - `_destroyConnection()` detaches 'error'/'end', destroys `conn` and clears `pipelinedRequests`.
 * - `destroy()` marks the client `destroyed`, stops its timers and destroys the connection.
 * - `parser` is an http-parser-js HTTPParser: `execute` returns an Error instead of throwing, `finish`
 *   completes a body delimited by the close, `reinitialize(type)` resets it; handlers are numbered
 *   properties (`HTTPParser.kOnHeadersComplete`), and the one autocannon installs emits 'headers'.
 * - `requestIterator.requests[i].requestBuffer` are the bytes written; `currentRequestIndex` the one
 *   being sent; both rotate per client.
 */
import type { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import type autocannon from 'autocannon';
import type { ResponseHead } from './response-framing.ts';

/** http-parser-js's `kOnHeadersComplete` handler: returning true tells it the response has no body. */
export type HeadersCompleteHandler = (head: ResponseHead) => unknown;

/** The HTTPParser instance a client owns. */
export interface HttpParserInternals {
  readonly type: string;
  execute: (chunk: Buffer) => number | Error;
  finish: () => Error | undefined;
  reinitialize: (type: string) => void;
  [handler: number]: HeadersCompleteHandler;
}

/** One autocannon client as the driver uses it. */
export interface AutocannonClientInternals extends EventEmitter {
  conn: Socket | undefined;
  readonly parser: HttpParserInternals;
  readonly pipelinedRequests: { clear(): void };
  readonly requestIterator: {
    readonly requests: { requestBuffer: Buffer }[];
    readonly currentRequestIndex: number;
  };
  readonly destroyed: boolean;
  // Function-typed properties, not methods: the driver wraps them per instance.
  _connect: () => void;
  _doRequest: (...args: unknown[]) => void;
  _destroyConnection: () => void;
  destroy: () => void;
}

/** The client as the driver reaches into it (see the list above). */
export function asClientInternals(client: autocannon.Client): AutocannonClientInternals {
  return client as unknown as AutocannonClientInternals;
}

/** The number under which the parser keeps its headers-complete handler. */
export function headersCompleteKey(parser: HttpParserInternals): number {
  return (parser.constructor as unknown as { readonly kOnHeadersComplete: number }).kOnHeadersComplete;
}
