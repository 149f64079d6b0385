/**
 * One persistent HTTP/1.1 connection from the front to a worker's Unix socket. It carries one request at
 * a time (no pipelining, so a slow or hung request never blocks another) and goes back to its worker's
 * idle list after each complete response. Any failure before the response completes is reported to the
 * exchange, which decides between replay and loss.
 */
import { connect, type Socket } from 'node:net';
import { ResponseParser, type ResponseHead } from './response-parser.ts';

/** The side of a request that receives what the worker sends. Implemented by the front's exchange. */
export interface UpstreamReceiver {
  onUpstreamHead(head: ResponseHead): void;
  /** Part of the body; the receiver may hold it until {@link onUpstreamFlush} or completion. */
  onUpstreamBody(chunk: Buffer): void;
  /**
   * Called after each batch of bytes from the worker unless the response completed in it. Returns
   * false when the client is not keeping up; the connection then pauses until resumed.
   */
  onUpstreamFlush(): boolean;
  onUpstreamComplete(): void;
  /** The connection failed before the response completed. */
  onUpstreamFailure(error: Error): void;
}

export interface UpstreamConnectionOwner {
  /** The connection finished a response and can take another request. */
  release(connection: UpstreamConnection): void;
  /** The connection is closed for good. */
  forget(connection: UpstreamConnection): void;
}

export class UpstreamConnection {
  readonly #socket: Socket;
  readonly #parser: ResponseParser;
  readonly #owner: UpstreamConnectionOwner;
  #receiver: UpstreamReceiver | null = null;
  #isKeepAlive = true;
  #isClosed = false;

  constructor(socketPath: string, owner: UpstreamConnectionOwner) {
    this.#owner = owner;
    this.#parser = new ResponseParser({
      onHead: (head) => {
        this.#isKeepAlive = head.isKeepAlive;
        this.#receiver?.onUpstreamHead(head);
      },
      onBody: (chunk) => this.#receiver?.onUpstreamBody(chunk),
      onComplete: () => this.#complete(),
    });
    this.#socket = connect(socketPath);
    this.#socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    this.#socket.on('error', () => {}); // 'close' follows and carries the consequences
    this.#socket.on('close', () => this.#onClose());
  }

  get isClosed(): boolean {
    return this.#isClosed;
  }

  /** Starts a request: writes its head (and body, if given whole) and waits for the response. */
  send(receiver: UpstreamReceiver, method: string, head: string, body: Buffer | null): void {
    this.#receiver = receiver;
    this.#parser.expect(method);
    if (body === null || body.length === 0) {
      this.#socket.write(head, 'latin1');
    } else {
      this.#socket.cork();
      this.#socket.write(head, 'latin1');
      this.#socket.write(body);
      process.nextTick(() => this.#socket.uncork());
    }
  }

  /** Writes part of a streamed request body. Returns false when the worker is not keeping up. */
  writeBody(chunk: Buffer | string): boolean {
    return this.#socket.write(chunk);
  }

  /** Calls `callback` once the worker's socket can take more body. */
  onceWritable(callback: () => void): void {
    this.#socket.once('drain', callback);
  }

  /** Resumes reading after the client caught up. */
  resume(): void {
    this.#socket.resume();
  }

  /** Closes the connection; an unfinished request on it fails over. */
  destroy(): void {
    this.#socket.destroy();
  }

  #onData(chunk: Buffer): void {
    try {
      this.#parser.execute(chunk);
    } catch (error) {
      this.#fail(error as Error);
      this.#socket.destroy();
      return;
    }
    if (this.#receiver !== null && !this.#receiver.onUpstreamFlush()) this.#socket.pause();
  }

  #complete(): void {
    const receiver = this.#receiver;
    this.#receiver = null;
    receiver?.onUpstreamComplete();
    if (this.#isKeepAlive && !this.#isClosed) {
      this.#owner.release(this);
    } else {
      this.#socket.destroy();
    }
  }

  #onClose(): void {
    this.#isClosed = true;
    if (this.#receiver !== null && !this.#parser.finishOnEnd()) {
      this.#fail(new Error('worker connection closed before the response completed'));
    }
    this.#owner.forget(this);
  }

  #fail(error: Error): void {
    const receiver = this.#receiver;
    this.#receiver = null;
    receiver?.onUpstreamFailure(error);
  }
}

/** A worker's connections from the front: idle ones to reuse, and all of them to close on removal. */
export class UpstreamPool implements UpstreamConnectionOwner {
  readonly #socketPath: string;
  readonly #idle: UpstreamConnection[] = [];
  readonly #all = new Set<UpstreamConnection>();

  constructor(socketPath: string) {
    this.#socketPath = socketPath;
  }

  /** An idle connection, or a new one. */
  acquire(): UpstreamConnection {
    let connection = this.#idle.pop();
    while (connection?.isClosed === true) connection = this.#idle.pop();
    if (connection !== undefined) return connection;
    connection = new UpstreamConnection(this.#socketPath, this);
    this.#all.add(connection);
    return connection;
  }

  release(connection: UpstreamConnection): void {
    this.#idle.push(connection);
  }

  forget(connection: UpstreamConnection): void {
    this.#all.delete(connection);
    const index = this.#idle.indexOf(connection);
    if (index !== -1) this.#idle.splice(index, 1);
  }

  /** Closes every connection; requests still on them fail over. */
  destroyAll(): void {
    for (const connection of [...this.#all]) connection.destroy();
  }
}
