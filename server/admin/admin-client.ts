/**
 * The client side of the admin API, for the CLI's pool and events commands and for the chaos harness.
 * Every failure is a catalogue error: ERR_ADMIN_UNREACHABLE when nothing answers, ERR_ADMIN_REQUEST_FAILED
 * (with the server's own code and message) when the API refuses.
 */
import { serverError } from '../errors.ts';

/** Where an admin API is and the bearer token to send, if any. */
export interface AdminEndpoint {
  readonly url: string;
  readonly token: string | null;
}

function authorization(endpoint: AdminEndpoint): Record<string, string> {
  return endpoint.token === null ? {} : { authorization: `Bearer ${endpoint.token}` };
}

async function send(endpoint: AdminEndpoint, path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(`${endpoint.url}${path}`, init);
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError') throw error;
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw serverError('ERR_ADMIN_UNREACHABLE', [endpoint.url, cause]);
  }
}

async function refusal(response: Response): Promise<Error> {
  const text = await response.text();
  let detail = response.statusText;
  try {
    const error = (JSON.parse(text) as { error?: { code: string; message: string } }).error;
    if (error !== undefined) detail = `${error.code}: ${error.message}`;
  } catch {
    if (text !== '') detail = text;
  }
  return serverError('ERR_ADMIN_REQUEST_FAILED', [response.status, detail]);
}

/** Calls the admin API (with a JSON body when given) and returns its JSON answer. */
export async function callAdmin(endpoint: AdminEndpoint, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const response = await send(endpoint, path, {
    method,
    headers: { ...authorization(endpoint), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw await refusal(response);
  return response.json();
}

/** An open `GET /events` stream. */
export interface EventStream {
  /** Settles when the server ends the stream or {@link close} is called. */
  readonly ended: Promise<void>;
  close(): void;
}

/** Opens `GET /events` (NDJSON) and hands each non-empty line to `onLine`. Resolves once the stream is open. */
export async function openEventStream(endpoint: AdminEndpoint, onLine: (line: string) => void): Promise<EventStream> {
  const controller = new AbortController();
  const response = await send(endpoint, '/events', { headers: authorization(endpoint), signal: controller.signal });
  if (!response.ok || response.body === null) throw await refusal(response);
  const body = response.body;
  const ended = (async () => {
    const decoder = new TextDecoder();
    let partial = '';
    try {
      for await (const chunk of body as AsyncIterable<Uint8Array>) {
        partial += decoder.decode(chunk, { stream: true });
        const lines = partial.split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) if (line !== '') onLine(line);
      }
    } catch (error) {
      if (!controller.signal.aborted) throw error;
    }
  })();
  return { ended, close: () => controller.abort() };
}
