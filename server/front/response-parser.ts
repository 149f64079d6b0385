/**
 * An incremental HTTP/1.1 response parser for the front's worker connections. It handles what a Node
 * worker can send: a status line and headers, then a body framed by content-length, chunked encoding,
 * or the end of the connection; 1xx interim responses are skipped; HEAD, 204 and 304 carry no body.
 * One response at a time: the front never pipelines, so bytes after a complete response are an error.
 */

/** The parsed head of one response. */
export interface ResponseHead {
  readonly statusCode: number;
  readonly statusMessage: string;
  /** Header names and values in arrival order, flattened: [name0, value0, name1, value1, ...]. */
  readonly rawHeaders: readonly string[];
  /** False when the worker will close the connection after this response. */
  readonly isKeepAlive: boolean;
}

export interface ResponseParserCallbacks {
  onHead(head: ResponseHead): void;
  onBody(chunk: Buffer): void;
  onComplete(): void;
}

/** Largest response head accepted from a worker. */
export const MAX_HEAD_BYTES = 64 * 1024;

type ParserState = 'idle' | 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-crlf' | 'trailers' | 'until-close';

const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');

export class ResponseParseError extends Error {
  override readonly name = 'ResponseParseError';
}

export class ResponseParser {
  readonly #callbacks: ResponseParserCallbacks;
  #state: ParserState = 'idle';
  #pending: Buffer | null = null;
  #remaining = 0;
  #hasBody = true;

  constructor(callbacks: ResponseParserCallbacks) {
    this.#callbacks = callbacks;
  }

  /** Arms the parser for the response to a request with this method. */
  expect(method: string): void {
    this.#state = 'head';
    this.#pending = null;
    this.#hasBody = method !== 'HEAD';
  }

  /** True between {@link expect} and the response's completion. */
  get isAwaiting(): boolean {
    return this.#state !== 'idle';
  }

  /** Consumes bytes from the worker. Throws {@link ResponseParseError} on malformed input. */
  execute(chunk: Buffer): void {
    let data = chunk;
    if (this.#pending !== null) {
      data = Buffer.concat([this.#pending, chunk]);
      this.#pending = null;
    }
    let offset = 0;
    while (offset < data.length) {
      offset = this.#step(data, offset);
    }
  }

  /**
   * The worker closed the connection. Returns true when that ends a body framed by the connection's
   * end (the response is then complete); false when a response was cut short.
   */
  finishOnEnd(): boolean {
    if (this.#state === 'until-close') {
      this.#complete();
      return true;
    }
    return this.#state === 'idle';
  }

  #step(data: Buffer, offset: number): number {
    switch (this.#state) {
      case 'idle':
        throw new ResponseParseError('worker sent bytes with no request outstanding');
      case 'head':
        return this.#parseHead(data, offset);
      case 'length': {
        const take = Math.min(this.#remaining, data.length - offset);
        this.#callbacks.onBody(data.subarray(offset, offset + take));
        this.#remaining -= take;
        if (this.#remaining === 0) this.#complete();
        return offset + take;
      }
      case 'until-close':
        this.#callbacks.onBody(offset === 0 ? data : data.subarray(offset));
        return data.length;
      case 'chunk-size':
        return this.#parseChunkSize(data, offset);
      case 'chunk-data': {
        const take = Math.min(this.#remaining, data.length - offset);
        this.#callbacks.onBody(data.subarray(offset, offset + take));
        this.#remaining -= take;
        if (this.#remaining === 0) this.#state = 'chunk-crlf';
        return offset + take;
      }
      case 'chunk-crlf':
        return this.#expectLine(data, offset, (line) => {
          if (line.length !== 0) throw new ResponseParseError('chunk data not followed by CRLF');
          this.#state = 'chunk-size';
        });
      case 'trailers':
        return this.#expectLine(data, offset, (line) => {
          if (line.length === 0) this.#complete();
        });
    }
  }

  #parseHead(data: Buffer, offset: number): number {
    const end = data.indexOf(HEAD_END, offset);
    if (end === -1 || end - offset > MAX_HEAD_BYTES) {
      if (data.length - offset > MAX_HEAD_BYTES) throw new ResponseParseError('response head too large');
      this.#pending = data.subarray(offset);
      return data.length;
    }
    const lines = data.toString('latin1', offset, end).split('\r\n');
    const statusLine = lines[0] ?? '';
    const match = /^HTTP\/1\.([01]) (\d{3})(?: (.*))?$/.exec(statusLine);
    if (match === null) throw new ResponseParseError(`bad status line ${JSON.stringify(statusLine.slice(0, 80))}`);
    const statusCode = Number(match[2]);
    const isHttp10 = match[1] === '0';

    const rawHeaders: string[] = [];
    let contentLength = -1;
    let isChunked = false;
    let connection = '';
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i] as string;
      const colon = line.indexOf(':');
      if (colon <= 0) throw new ResponseParseError(`bad header line ${JSON.stringify(line.slice(0, 80))}`);
      const name = line.slice(0, colon);
      const value = line.slice(colon + 1).trim();
      rawHeaders.push(name, value);
      switch (name.length) {
        case 14:
          if (name.toLowerCase() === 'content-length') {
            const length = /^\d+$/.test(value) ? Number(value) : Number.NaN;
            if (Number.isNaN(length) || (contentLength !== -1 && contentLength !== length)) {
              throw new ResponseParseError(`bad content-length ${JSON.stringify(value)}`);
            }
            contentLength = length;
          }
          break;
        case 17:
          if (name.toLowerCase() === 'transfer-encoding') isChunked = value.toLowerCase().endsWith('chunked');
          break;
        case 10:
          if (name.toLowerCase() === 'connection') connection = value.toLowerCase();
          break;
      }
    }
    const next = end + HEAD_END.length;
    if (statusCode >= 100 && statusCode < 200) {
      if (statusCode === 101) throw new ResponseParseError('protocol upgrades are not supported');
      return next; // interim response: the real one follows
    }
    const isKeepAlive = isHttp10 ? connection.includes('keep-alive') : !connection.includes('close');
    const hasBody = this.#hasBody && statusCode !== 204 && statusCode !== 304;
    this.#callbacks.onHead({
      statusCode,
      statusMessage: match[3] ?? '',
      rawHeaders,
      isKeepAlive: isKeepAlive && (isChunked || contentLength !== -1 || !hasBody),
    });
    if (!hasBody || (!isChunked && contentLength === 0)) {
      this.#complete();
    } else if (isChunked) {
      this.#state = 'chunk-size';
    } else if (contentLength > 0) {
      this.#state = 'length';
      this.#remaining = contentLength;
    } else {
      this.#state = 'until-close';
    }
    return next;
  }

  #parseChunkSize(data: Buffer, offset: number): number {
    return this.#expectLine(data, offset, (line) => {
      const semicolon = line.indexOf(';');
      const hex = (semicolon === -1 ? line : line.slice(0, semicolon)).trim();
      const size = Number.parseInt(hex, 16);
      if (!/^[0-9a-fA-F]+$/.test(hex) || Number.isNaN(size)) throw new ResponseParseError('bad chunk size');
      if (size === 0) {
        this.#state = 'trailers';
      } else {
        this.#state = 'chunk-data';
        this.#remaining = size;
      }
    });
  }

  /** Reads one CRLF-terminated line (keeping a partial one for the next call) and hands it over. */
  #expectLine(data: Buffer, offset: number, onLine: (line: string) => void): number {
    const end = data.indexOf(CRLF, offset);
    if (end === -1) {
      if (data.length - offset > MAX_HEAD_BYTES) throw new ResponseParseError('line too long');
      this.#pending = data.subarray(offset);
      return data.length;
    }
    onLine(data.toString('latin1', offset, end));
    return end + CRLF.length;
  }

  #complete(): void {
    this.#state = 'idle';
    this.#callbacks.onComplete();
  }
}
