/**
 * Two HTTP/1.1 framing decisions autocannon's client does not make itself: which responses have no
 * body whatever their headers say (else a 204 without Content-Length waits for a close that never
 * comes), and whether a connection may carry another request after a response (else the next request
 * goes onto a socket the server is closing and is lost to that close).
 */
import { headerValues } from './raw-headers.ts';

/** The parts of a parsed response head that framing needs (as http-parser-js reports them). */
export interface ResponseHead {
  readonly versionMajor: number;
  readonly versionMinor: number;
  readonly statusCode: number;
  /** Raw headers, `[name, value, name, value, ...]`. */
  readonly headers: readonly string[];
  /** The parser's own verdict; false when the body runs to the close or Connection says close. */
  readonly shouldKeepAlive: boolean;
}

/** Whether the response to `method` with `statusCode` has no body (HEAD, 204, 304; RFC 9112 §6.3). */
export function hasNoBody(method: string, statusCode: number): boolean {
  return method === 'HEAD' || statusCode === 204 || statusCode === 304;
}

/**
 * Whether the connection may carry the next request: the parser's verdict, except that a bodiless
 * response needs no length to be delimited, so then only the Connection header (and version) decide.
 */
export function isConnectionReusable(head: ResponseHead, isBodiless: boolean): boolean {
  if (head.shouldKeepAlive) return true;
  if (!isBodiless) return false;
  const connection = headerValues(head.headers, 'connection').join(',').toLowerCase();
  const isHttp11 = head.versionMajor > 1 || (head.versionMajor === 1 && head.versionMinor >= 1);
  return isHttp11 ? !connection.includes('close') : connection.includes('keep-alive');
}
