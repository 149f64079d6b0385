import { pathToFileURL } from 'node:url';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A Node request listener: what Express, Koa's `app.callback()` and plain handlers all are. */
export type RequestListener = (req: IncomingMessage, res: ServerResponse) => unknown;

/**
 * Imports a handler module and returns its request listener: the default export, or `module.exports`
 * for CommonJS. An Express app is itself such a function, so it works unchanged.
 */
export async function loadHandler(modulePath: string): Promise<RequestListener> {
  const imported = (await import(pathToFileURL(modulePath).href)) as { default?: unknown };
  const candidate = unwrapDefault(imported.default ?? imported);
  if (typeof candidate !== 'function') {
    throw new TypeError(`handler module ${modulePath} must default-export a (req, res) request listener; it exported ${typeof candidate}`);
  }
  return candidate as RequestListener;
}

// CommonJS modules compiled from ESM sometimes nest the listener one level deeper (`exports.default`).
function unwrapDefault(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && 'default' in value) return value.default;
  return value;
}
