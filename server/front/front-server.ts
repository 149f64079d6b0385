/**
 * The front's listener (HTTP.sys): owns every client connection, routes each request by longest path
 * prefix to its pool's dispatcher or to an in-process app, and answers 404 for paths no app claims.
 * Worker deaths and recycles never close a client connection from here.
 *
 * The stop has one edge, the moment {@link FrontServer.stopAccepting} closes the listening socket:
 * a connection attempted after it is refused (ECONNREFUSED); a connection accepted before it keeps
 * being served, and every response it gets from then on carries `Connection: close`, after which the
 * front ends the connection with a FIN. Connections that stay idle are closed, also with a FIN, once
 * the server has drained ({@link FrontServer.closeIdleConnections}). Nothing accepted is reset unless
 * it outlives the drain's time limit.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
import type { LimitSettings } from '../config/settings.ts';
import { findApp } from '../apps/app-router.ts';
import type { RequestListener } from '../apps/load-handler.ts';
import type { PoolDispatcher } from './pool-dispatcher.ts';

/** One app as the front routes it. */
export type FrontRoute =
  | { readonly path: string; readonly kind: 'pool'; readonly dispatcher: PoolDispatcher }
  | { readonly path: string; readonly kind: 'in-process'; readonly listener: RequestListener };

/** Sorts routes so that the longest prefix is tried first. */
export function sortRoutes(routes: readonly FrontRoute[]): FrontRoute[] {
  return [...routes].sort((a, b) => b.path.length - a.path.length);
}

/** The front's HTTP server and its graceful stop; see the top of this file for the stop's edge. */
export class FrontServer {
  readonly server: Server;
  #isDraining = false;

  /** `routes` must come from {@link sortRoutes}. */
  constructor(routes: readonly FrontRoute[], limits: LimitSettings) {
    this.server = createServer({ keepAlive: true }, (req: IncomingMessage, res: ServerResponse) => {
      if (this.#isDraining) res.shouldKeepAlive = false;
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
    this.server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  }

  /** Whether {@link stopAccepting} has been called. */
  get isDraining(): boolean {
    return this.#isDraining;
  }

  /**
   * Closes the listening socket now (synchronously: a connect after this returns is refused) and
   * makes every later response close its connection. Unlike `Server.close()`, it leaves the open
   * connections alone, idle ones included, so a request a client sends on one is still served.
   * Resolves once every connection has ended.
   */
  stopAccepting(): Promise<void> {
    this.#isDraining = true;
    return new Promise((resolve) => {
      if (!this.server.listening) resolve();
      // net.Server's close, not http.Server's: the latter also closes idle keep-alive connections.
      else NetServer.prototype.close.call(this.server, () => resolve());
    });
  }

  /** Ends (FIN) every connection that has no request in progress. */
  closeIdleConnections(): void {
    this.server.closeIdleConnections();
  }

  /** Destroys every connection left, busy or not: the drain's time limit has passed. */
  closeAllConnections(): void {
    this.server.closeAllConnections();
  }
}
