/**
 * Instruments one autocannon client so that the request ledger learns every request's fate, and
 * changes the client's connection handling where autocannon 9.0.0 would lose or misparse requests
 * (see autocannon-internals.ts for what each internal does):
 *
 * - 'request' → sent; 'headers' → classified; 'response' → completed. Latency is timed here: the
 *   client's own start times shift after a reconnect because it never clears its request queue.
 * - A socket's 'end' or 'error' is reported (eof, truncated, reset) before autocannon's own listener
 *   reconnects. Every reconnect first detaches and destroys the old socket (so a late 'error' on it
 *   cannot reconnect a second time), resets the parser (so a truncated response cannot swallow the
 *   next one) and clears autocannon's request queue.
 * - Timeouts are the driver's own: autocannon's are whole seconds (1 s at least) and never reach the
 *   latency figures. On expiry the connection is destroyed and reopened, as autocannon does.
 * - A connection is not reused after `Connection: close`, ours or the server's: the next request
 *   goes on a new connection instead of onto a socket the server is closing.
 * - Bodiless responses (HEAD, 204, 304) complete at their head, a body delimited by the close
 *   completes at the close, and an unparseable response loses its request as truncated.
 * - Once the run drains (`isSending` false) the client sends nothing and opens no new connection;
 *   the requests it has in flight still complete, time out or are lost as usual.
 */
import type { Socket } from 'node:net';
import type autocannon from 'autocannon';
import { asClientInternals, headersCompleteKey, type AutocannonClientInternals } from './autocannon-internals.ts';
import type { LoadRequestSpec } from './load-types.ts';
import type { ConnectionLoss, RequestLedger } from './request-ledger.ts';
import { hasNoBody, isConnectionReusable, type ResponseHead } from './response-framing.ts';
import { classifyResponse, type ResponseOutcome } from './response-outcome.ts';

/** What an instrumented client reports to and needs from its run. */
export interface ClientInstrumentContext {
  readonly clientId: number;
  readonly ledger: RequestLedger;
  /** Ms since load start on a monotonic clock. */
  readonly nowMs: () => number;
  readonly timeoutMs: number;
  readonly isKeepAlive: boolean;
  readonly requests: readonly LoadRequestSpec[];
  /** The bytes of each request in `requests`, same order (see request-bytes.ts). */
  readonly requestBytes: readonly Buffer[];
  /** False once the run drains: no new request and no new connection from then on. */
  readonly isSending: () => boolean;
}

/** Handle on an instrumented client. */
export interface InstrumentedClient {
  /** Stops the client's timeout timer and destroys the client; it sends nothing more. */
  destroy(): void;
}

/** Instruments `client`; call from autocannon's `setupClient`, before the client connects. */
export function instrumentClient(client: autocannon.Client, context: ClientInstrumentContext): InstrumentedClient {
  return new ClientInstrument(asClientInternals(client), context);
}

/** The connection the client currently sends on. */
interface ConnectionState {
  /** False once a request or response on it said `Connection: close`. */
  isReusable: boolean;
  /** The server closed it; autocannon's own 'end' listener is about to reconnect. */
  hasEnded: boolean;
}

class ClientInstrument implements InstrumentedClient {
  readonly #client: AutocannonClientInternals;
  readonly #context: ClientInstrumentContext;
  #connection: ConnectionState = { isReusable: true, hasEnded: false };
  #pendingOutcome: ResponseOutcome | null = null;
  #timer: NodeJS.Timeout | null = null;
  #timerDelayMs = 0;
  #isHeadersHooked = false;

  constructor(client: AutocannonClientInternals, context: ClientInstrumentContext) {
    this.#client = client;
    this.#context = context;
    client.requestIterator.requests.forEach((request, index) => {
      const bytes = context.requestBytes[index];
      if (bytes === undefined) throw new Error(`no request bytes for request ${index}`);
      request.requestBuffer = bytes;
    });
    this.#hookParseErrors();
    this.#wrapConnect();
    this.#wrapDoRequest();
    client.on('request', () => this.#onRequest());
    client.on('headers', (head: ResponseHead) => this.#onHeaders(head));
    client.on('response', () => this.#onResponse());
  }

  destroy(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#client.destroy();
  }

  #onRequest(): void {
    this.#context.ledger.requestSent(this.#context.clientId, this.#context.nowMs());
    if (!this.#context.isKeepAlive) this.#connection.isReusable = false;
    this.#armTimer(this.#context.timeoutMs);
  }

  #onHeaders(head: ResponseHead): void {
    this.#pendingOutcome = classifyResponse(head.statusCode, head.headers);
    if (!isConnectionReusable(head, hasNoBody(this.#currentMethod(), head.statusCode))) this.#connection.isReusable = false;
  }

  #onResponse(): void {
    const outcome = this.#pendingOutcome;
    this.#pendingOutcome = null;
    if (outcome !== null) this.#context.ledger.responseCompleted(this.#context.clientId, outcome, this.#context.nowMs());
  }

  #wrapConnect(): void {
    const client = this.#client;
    const connect = client._connect;
    client._connect = () => {
      retireSocket(client.conn);
      if (!this.#context.isSending()) return;
      client.parser.reinitialize(client.parser.type);
      client.pipelinedRequests.clear();
      this.#pendingOutcome = null;
      this.#hookHeadersComplete();
      const connection: ConnectionState = { isReusable: true, hasEnded: false };
      this.#connection = connection;
      connect.call(client);
      const { ledger, clientId } = this.#context;
      client.conn?.prependListener('data', () => {
        if (connection === this.#connection) ledger.responseBytesArrived(clientId);
      });
      client.conn?.prependListener('end', () => this.#onSocketEnd(connection));
      client.conn?.prependListener('error', () => this.#onSocketError(connection));
    };
  }

  #wrapDoRequest(): void {
    const client = this.#client;
    const doRequest = client._doRequest;
    client._doRequest = (...args: unknown[]) => {
      // After 'end', autocannon's own listener reconnects next, and the reconnect sends.
      if (client.destroyed || this.#connection.hasEnded || !this.#context.isSending()) return;
      if (this.#connection.isReusable) doRequest.apply(client, args);
      else client._connect();
    };
  }

  /** autocannon installs its parser handlers after `setupClient`, so this runs at the first connect. */
  #hookHeadersComplete(): void {
    if (this.#isHeadersHooked) return;
    this.#isHeadersHooked = true;
    const parser = this.#client.parser;
    const key = headersCompleteKey(parser);
    const original = parser[key];
    if (original === undefined) throw new Error('autocannon client has no headers-complete handler to wrap');
    parser[key] = (head: ResponseHead) => {
      const skipBody = original(head);
      return hasNoBody(this.#currentMethod(), head.statusCode) ? true : skipBody;
    };
  }

  #hookParseErrors(): void {
    const parser = this.#client.parser;
    const execute = parser.execute;
    parser.execute = (chunk: Buffer) => {
      const result = execute.call(parser, chunk);
      if (result instanceof Error && !this.#client.destroyed) this.#replaceConnection('parse-error');
      return result;
    };
  }

  #onSocketEnd(connection: ConnectionState): void {
    if (connection !== this.#connection || this.#client.destroyed) return;
    connection.hasEnded = true;
    // Completes a body delimited by the close (it emits 'response'); does nothing between responses.
    this.#client.parser.finish();
    this.#lose('socket-end');
  }

  #onSocketError(connection: ConnectionState): void {
    if (connection !== this.#connection || this.#client.destroyed) return;
    this.#lose('socket-error');
  }

  #armTimer(delayMs: number): void {
    if (this.#timer !== null && this.#timerDelayMs === delayMs) {
      this.#timer.refresh();
      return;
    }
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#onTimer(), delayMs);
    this.#timerDelayMs = delayMs;
  }

  #onTimer(): void {
    if (this.#client.destroyed) return;
    const remainingMs = this.#context.ledger.msUntilTimeout(this.#context.clientId, this.#context.nowMs());
    if (remainingMs === null) return;
    if (remainingMs > 0) this.#armTimer(Math.ceil(remainingMs));
    else this.#replaceConnection('timeout');
  }

  #replaceConnection(loss: ConnectionLoss): void {
    this.#lose(loss);
    this.#client._destroyConnection();
    this.#client._connect();
  }

  #lose(loss: ConnectionLoss): void {
    this.#context.ledger.connectionLost(this.#context.clientId, loss, this.#context.nowMs());
  }

  #currentMethod(): string {
    return this.#context.requests[this.#client.requestIterator.currentRequestIndex]?.method ?? 'GET';
  }
}

/** Detaches a replaced socket from the client and closes it, so nothing it does later reaches the client. */
function retireSocket(socket: Socket | undefined): void {
  if (socket === undefined) return;
  for (const event of ['data', 'end', 'error'] as const) socket.removeAllListeners(event);
  socket.on('error', () => {});
  socket.destroy();
}
