/**
 * The hello-world handler every dispatch benchmark target serves: a plain Node request listener, the
 * shape poolchaos handler modules have. Fixed length and no body parsing, so the benchmark measures
 * the hops in front of it rather than the handler.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Answers every request with `200 hello world\n` (12 bytes, text/plain). */
export default function hello(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '12' });
  res.end('hello world\n');
}
