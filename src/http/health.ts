import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import type { Metrics } from '../observability/metrics.js';

export interface Readiness {
  /** Resolves when the database answers. */
  database(): Promise<void>;
  /** Whether Slack's auth.test passed at boot (or on a later retry). */
  slackAuthenticated(): boolean;
  /** Things an operator should fix that do not stop Paceline serving (posts Slack refused for good). */
  warnings(): Promise<string[]>;
}

/** Who may read /metrics: with a token, bearers of it; without one, only this machine. */
export interface MetricsAccess {
  token: string | undefined;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Why a request may not read the metrics, or null. */
export function metricsRefusal(req: IncomingMessage, access: MetricsAccess): { status: number; reason: string } | null {
  if (access.token !== undefined) {
    return req.headers.authorization === `Bearer ${access.token}`
      ? null
      : { status: 401, reason: 'send the metrics token as "Authorization: Bearer <METRICS_TOKEN>"' };
  }
  return LOOPBACK.has(req.socket.remoteAddress ?? '')
    ? null
    : { status: 403, reason: 'metrics are served to this machine only; set METRICS_TOKEN to read them from elsewhere' };
}

/** The /metrics handler, for the main port or a port of its own. */
export function metricsHandler(metrics: Metrics, access: MetricsAccess) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const refused = metricsRefusal(req, access);
    if (refused !== null) {
      json(res, refused.status, { error: refused.reason });
      return;
    }
    void metrics.registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(text);
      },
      (err: unknown) => json(res, 500, { error: `metrics unavailable: ${(err as Error).message}` }),
    );
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * /healthz, /readyz and (unless it has a port of its own) /metrics, served through Bolt's
 * receiver (customRoutes).
 */
export function healthRoutes(
  readiness: Readiness,
  metrics: Metrics,
  o: { access: MetricsAccess; metricsOnMainPort: boolean },
): CustomRoute[] {
  const routes: CustomRoute[] = [
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
            // The error's code only: its message can name the database's host and port.
            const code = (err as { code?: unknown }).code;
            database = `unreachable (${typeof code === 'string' ? code : 'no answer'})`;
          }
          const slack = readiness.slackAuthenticated() ? 'ok' : 'auth.test has not passed';
          metrics.ready.set({ check: 'database' }, database === 'ok' ? 1 : 0);
          metrics.ready.set({ check: 'slack' }, slack === 'ok' ? 1 : 0);
          const ready = database === 'ok' && slack === 'ok';
          const warnings = database === 'ok' ? await readiness.warnings().catch(() => []) : [];
          json(res, ready ? 200 : 503, {
            status: ready ? 'ready' : 'not ready',
            checks: { database, slack },
            ...(warnings.length > 0 ? { warnings } : {}),
          });
        })();
      },
    },
  ];
  if (o.metricsOnMainPort) routes.push({ path: '/metrics', method: ['GET'], handler: metricsHandler(metrics, o.access) });
  return routes;
}
