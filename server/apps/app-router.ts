import type { RequestListener } from './load-handler.ts';

/** One app mounted in a worker or in the front: a path prefix and its listener. */
export interface MountedApp {
  readonly path: string;
  readonly listener: RequestListener;
}

/**
 * True when `url` falls under the app `prefix`: `/api` matches `/api`, `/api/x` and `/api?q`, not `/apix`.
 * `/` matches everything.
 */
export function isUnderPrefix(url: string, prefix: string): boolean {
  if (prefix === '/') return true;
  if (!url.startsWith(prefix)) return false;
  const next = url.charCodeAt(prefix.length);
  // end of string, '/', '?' or '#'
  return Number.isNaN(next) || next === 47 || next === 63 || next === 35;
}

/** Picks the app with the longest matching prefix; `apps` must be sorted longest path first. */
export function findApp<T extends { readonly path: string }>(apps: readonly T[], url: string): T | undefined {
  for (const app of apps) {
    if (isUnderPrefix(url, app.path)) return app;
  }
  return undefined;
}
