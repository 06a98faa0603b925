import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export function reply(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/**
 * Routes whose handlers need services, which exist only after the Slack app (and its HTTP
 * server) is built. Bolt is given stand-ins for the paths at construction; each dispatches to
 * what has been added by the time a request arrives, and answers 503 "starting" before that.
 */
export class LateRoutes {
  private readonly handlers = new Map<string, RouteHandler>();
  private opened = false;

  /** Every route has been added: from now on a path with no handler is a 404, not "starting". */
  open(): void {
    this.opened = true;
  }

  /** Adds a handler for a method and path (e.g. POST /webhooks/linear). */
  add(method: 'GET' | 'POST', path: string, handler: RouteHandler): void {
    this.handlers.set(`${method} ${path}`, handler);
  }

  /** Bolt custom routes for these path patterns (Bolt's path syntax), served from this table. */
  customRoutes(patterns: readonly string[]): CustomRoute[] {
    return patterns.map((path) => ({ path, method: ['GET', 'POST'], handler: (req, res) => this.serve(req, res) }));
  }

  private serve(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const handler = this.handlers.get(`${req.method?.toUpperCase() ?? 'GET'} ${path}`);
    if (handler === undefined) {
      const known = [...this.handlers.keys()].some((k) => k.endsWith(` ${path}`));
      if (known) reply(res, 405, { error: `${req.method ?? ''} is not served at ${path}` });
      else if (!this.opened) reply(res, 503, { error: 'Paceline is starting; retry in a moment' });
      else reply(res, 404, { error: `nothing is served at ${path}` });
      return;
    }
    void Promise.resolve()
      .then(() => handler(req, res))
      .catch(() => reply(res, 500, { error: 'internal error' }));
  }
}
