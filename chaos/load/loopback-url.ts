/**
 * The load driver sends only to loopback: a chaos run must never turn into load on someone else's
 * machine. Loopback means 127.0.0.0/8, ::1 and the name `localhost`, after WHATWG URL normalisation
 * (so `http://127.1` and `http://2130706433` count as 127.0.0.1).
 */
import { isIPv4 } from 'node:net';
import { LoadError } from './load-errors.ts';

/** Whether a URL's `hostname` (IPv6 in brackets, as `URL` gives it) is loopback. */
export function isLoopbackHostname(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]') return true;
  return isIPv4(host) && host.startsWith('127.');
}

/**
 * Parses the plan's base URL: http or https, loopback host, no path beyond `/`, no query, fragment or
 * credentials. Throws ERR_LOAD_URL_INVALID or ERR_LOAD_URL_NOT_LOOPBACK.
 */
export function parseLoopbackBaseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new LoadError('ERR_LOAD_URL_INVALID', [JSON.stringify(url), 'it does not parse']);
  }
  const problem = baseUrlProblem(parsed);
  if (problem !== null) throw new LoadError('ERR_LOAD_URL_INVALID', [JSON.stringify(url), problem]);
  if (!isLoopbackHostname(parsed.hostname)) throw new LoadError('ERR_LOAD_URL_NOT_LOOPBACK', [JSON.stringify(url)]);
  return parsed;
}

function baseUrlProblem(url: URL): string | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `protocol ${url.protocol} is not http: or https:`;
  if (url.username !== '' || url.password !== '') return 'it carries credentials';
  if (url.pathname !== '/') return `it has the path ${url.pathname} (request paths come from the plan's requests)`;
  if (url.search !== '' || url.hash !== '') return 'it has a query or fragment';
  return null;
}
