import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import type { Metrics } from '../observability/metrics.js';

export interface Readiness {
  /** Resolves when the database answers. */
  database(): Promise<void>;
  /** Whether Slack's auth.test passed at boot (or on a later retry). */
  slackAuthenticated(): boolean;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** /healthz, /readyz and /metrics, served through Bolt's receiver (customRoutes). */
export function healthRoutes(readiness: Readiness, metrics: Metrics): CustomRoute[] {
  return [
    {
      path: '/healthz',
      method: ['GET', 'HEAD'],
      handler: (_req: IncomingMessage, res: ServerResponse) => json(res, 200, { status: 'ok' }),
    },
    {
      path: '/readyz',
      method: ['GET', 'HEAD'],
      handler: (_req: IncomingMessage, res: ServerResponse) => {
        void (async () => {
          let database = 'ok';
          try {
            await readiness.database();
          } catch (err) {
            database = `unreachable: ${(err as Error).message}`;
          }
          const slack = readiness.slackAuthenticated() ? 'ok' : 'auth.test has not passed';
          metrics.ready.set({ check: 'database' }, database === 'ok' ? 1 : 0);
          metrics.ready.set({ check: 'slack' }, slack === 'ok' ? 1 : 0);
          const ready = database === 'ok' && slack === 'ok';
          json(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks: { database, slack } });
        })();
      },
    },
    {
      path: '/metrics',
      method: ['GET'],
      handler: (_req: IncomingMessage, res: ServerResponse) => {
        void metrics.registry.metrics().then(
          (text) => {
            res.writeHead(200, { 'content-type': metrics.registry.contentType });
            res.end(text);
          },
          (err: unknown) => json(res, 500, { error: `metrics unavailable: ${(err as Error).message}` }),
        );
      },
    },
  ];
}
