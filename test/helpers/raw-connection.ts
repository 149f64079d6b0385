/**
 * One client TCP connection driven by hand, for tests that must see exactly how a server ends a
 * connection: each response's status and `Connection` header, whether the connection ended with a
 * FIN (`hasEnded`) or an error such as ECONNRESET (`error`). Responses must carry Content-Length.
 */
import { connect, type Socket } from 'node:net';

/** One response as it arrived on the connection. */
export interface RawResponse {
  readonly status: number;
  /** The `Connection` header's value in lower case, or null without one. */
  readonly connection: string | null;
  readonly body: string;
}

export class RawConnection {
  readonly responses: RawResponse[] = [];
  /** The server ended the connection (FIN). */
  hasEnded = false;
  /** The socket's error code, e.g. ECONNRESET; null when none. */
  error: string | null = null;
  readonly #socket: Socket;
  #buffer = Buffer.alloc(0);
  readonly #waiters: (() => void)[] = [];
  readonly #connected: Promise<void>;

  constructor(host: string, port: number) {
    this.#socket = connect(port, host);
    this.#connected = new Promise((resolve) => this.#socket.once('connect', () => resolve()));
    this.#socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#parse();
      this.#wake();
    });
    this.#socket.on('end', () => {
      this.hasEnded = true;
      this.#wake();
    });
    this.#socket.on('error', (error: NodeJS.ErrnoException) => {
      this.error = error.code ?? error.message;
      this.#wake();
    });
    this.#socket.on('close', () => this.#wake());
  }

  /** Opens a connection and waits until it is established. */
  static async open(url: string): Promise<RawConnection> {
    const { hostname, port } = new URL(url);
    const connection = new RawConnection(hostname, Number(port));
    await connection.#connected;
    return connection;
  }

  /** Sends one keep-alive GET. */
  send(path: string): void {
    this.#socket.write(`GET ${path} HTTP/1.1\r\nHost: test\r\n\r\n`);
  }

  /** Resolves once `count` responses have arrived, or rejects when the connection ends first or after `timeoutMs`. */
  async waitForResponses(count: number, timeoutMs: number): Promise<void> {
    await this.#waitFor(() => this.responses.length >= count, timeoutMs, `${String(count)} responses`);
  }

  /** Resolves once the connection has closed (FIN, reset or error), or rejects after `timeoutMs`. */
  async waitForClose(timeoutMs: number): Promise<void> {
    await this.#waitFor(() => this.#socket.closed, timeoutMs, 'the connection to close');
  }

  destroy(): void {
    this.#socket.destroy();
  }

  async #waitFor(isDone: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!isDone()) {
      if (this.#socket.closed)
        throw new Error(`connection closed before ${what} (error ${String(this.error)}, ${String(this.responses.length)} responses)`);
      const remainingMs = deadline - Date.now();
      if (remainingMs <= 0) throw new Error(`no ${what} within ${String(timeoutMs)} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remainingMs);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  #wake(): void {
    for (const waiter of this.#waiters.splice(0)) waiter();
  }

  #parse(): void {
    for (;;) {
      const headEnd = this.#buffer.indexOf('\r\n\r\n');
      if (headEnd === -1) return;
      const lines = this.#buffer.subarray(0, headEnd).toString('latin1').split('\r\n');
      const status = Number(lines[0]?.split(' ')[1]);
      const headers = new Map(
        lines.slice(1).map((line) => {
          const colon = line.indexOf(':');
          return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()] as const;
        }),
      );
      const length = Number(headers.get('content-length') ?? 0);
      const bodyStart = headEnd + 4;
      if (this.#buffer.length < bodyStart + length) return;
      const body = this.#buffer.subarray(bodyStart, bodyStart + length).toString('utf8');
      this.#buffer = this.#buffer.subarray(bodyStart + length);
      this.responses.push({ status, connection: headers.get('connection')?.toLowerCase() ?? null, body });
    }
  }
}
