/**
 * The front's listener (HTTP.sys): owns every client connection, routes each request by longest path
 * prefix to its pool's dispatcher or to an in-process app, and answers 404 for paths no app claims.
 * Worker deaths and recycles never close a client connection from here.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { LimitSettings } from '../config/settings.ts';
import { findApp } from '../worker/app-router.ts';
import type { RequestListener } from '../worker/load-handler.ts';
import type { PoolDispatcher } from './pool-dispatcher.ts';

/** One app as the front routes it. */
export type FrontRoute =
  | { readonly path: string; readonly kind: 'pool'; readonly dispatcher: PoolDispatcher }
  | { readonly path: string; readonly kind: 'in-process'; readonly listener: RequestListener };

/** Sorts routes so that the longest prefix is tried first. */
export function sortRoutes(routes: readonly FrontRoute[]): FrontRoute[] {
  return [...routes].sort((a, b) => b.path.length - a.path.length);
}

/** Creates the front's HTTP server; `routes` must come from {@link sortRoutes}. */
export function createFrontServer(routes: readonly FrontRoute[], limits: LimitSettings): Server {
  const server = createServer({ keepAlive: true }, (req: IncomingMessage, res: ServerResponse) => {
    const route = findApp(routes, req.url ?? '/');
    if (route === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no app is mounted at this path\n');
      return;
    }
    if (route.kind === 'pool') {
      // The worker's Date header is forwarded; the front does not add its own.
      res.sendDate = false;
      route.dispatcher.accept(req, res);
    } else {
      route.listener(req, res);
    }
  });
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  return server;
}
