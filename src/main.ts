import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { JobRunner } from './jobs/runner.js';
import { jobHandlers } from './jobs/handlers.js';
import { startMinuteTicks } from './jobs/scheduler.js';
import { Poster } from './slack/poster.js';
import { presenters } from './slack/presenters/index.js';
import { slackWorkspace } from './slack/workspace.js';
import { TigerCrewService } from './services/tigerCrew.js';
import { StandupService } from './services/standups.js';
import { BlockerService } from './services/blockers.js';
import { ChaosDrillService } from './services/chaosDrill.js';
import { DemoService } from './services/demo.js';
import { KickoffService } from './services/kickoff.js';
import { RetroService } from './services/retro.js';
import { EventLedger } from './services/events.js';
import { HomeService } from './services/home.js';
import type { App } from '@slack/bolt';
import type { Clock } from './clock.js';
import type { Config } from './config/schema.js';
import { requireGithubSecret, requireLinearCredentials, requireSlackCredentials, type Env } from './config/env.js';
import { createRepositories, migrate, openDatabase, type Database } from './db/index.js';
import type { Deps } from './deps.js';
import { PacelineError } from './errors.js';
import { LateRoutes, reply } from './http/routes.js';
import { linearWebhook } from './http/webhooks/linear.js';
import { githubWebhook } from './http/webhooks/github.js';
import { changelogRoutes } from './http/changelog.js';
import { ChangelogService } from './services/changelog.js';
import { SmokeService } from './services/smoke.js';
import { DigestService } from './services/digest.js';
import { SlackRateLimiter } from './slack/rateLimiter.js';
import { ReviewService } from './services/reviews.js';
import { githubDelivery } from './services/github.js';
import { WorkItemService } from './services/workItems.js';
import { healthRoutes, metricsHandler, type MetricsAccess } from './http/health.js';
import { boltLogger, type Logger } from './observability/logger.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import { type AfterBurst, createBoltApp, slackClientOptions } from './slack/app.js';
import { WebClient } from '@slack/web-api';
import { resolveDirectory } from './slack/directory.js';
import type { Directory } from './domain/directory.js';
import { Surfaces, type DeclaredSurfaces } from './slack/surfaces.js';
import { registerSurfaces } from './slack/listeners.js';

export interface StartOptions {
  env: Env;
  config: Config;
  clock: Clock;
  logger: Logger;
  /**
   * 'cron' (default): node-cron ticks the job runner every minute. 'manual': nothing ticks it;
   * the caller does, after moving its clock (tests, and simulations of a sprint).
   */
  scheduler?: 'cron' | 'manual';
  /**
   * The node-cron expression of the runner's tick (default every minute). Only the send-accuracy
   * benchmark changes it (every few seconds, so a hundred slots fit in minutes, not hours).
   */
  tickExpression?: string;
  /**
   * 'off': Web API calls go out unpaced (the tests: the emulator enforces no limits, and its
   * pacing is proved on its own); Slack's limits are honoured otherwise.
   */
  slackPacing?: 'real' | 'off';
  /** False: escalations wait for the minute tick (the benchmark's baseline). */
  preciseEscalations?: boolean;
  /** Identifies this process in JobRun claims; defaults to host:pid:random. */
  replicaId?: string;
}

export interface RunningPaceline {
  /** The port the HTTP server listens on (useful when PORT=0). */
  port: number;
  /** The port of the metrics server, when METRICS_PORT gives it one of its own. */
  metricsPort?: number;
  deps: Deps;
  declared: DeclaredSurfaces;
  runner: JobRunner;
  /** Resolves when every Slack request received so far has been fully processed. */
  idle(): Promise<void>;
  /** Slack requests acknowledged but not yet fully processed. */
  pending(): number;
  stop(): Promise<void>;
}

const AUTH_ERRORS = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired']);
/** Waits between boot attempts to reach Slack: bounded, about half a minute in all. */
const BOOT_RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 15000];

/**
 * Asks Slack who the bot is. A rejected token fails at once; an unreachable Slack is retried a
 * few times with a log line per attempt, then fails with the cause (never a silent half-hour).
 */
export async function authenticate(
  client: WebClient,
  logger: Logger,
  delays: readonly number[] = BOOT_RETRY_DELAYS_MS,
  onRetry?: (cause: string, attempt: number) => void,
): Promise<{ botId: string; botUserId: string; team: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      const auth = await client.auth.test();
      logger.info({ team: auth.team, botUserId: auth.user_id }, 'slack auth.test passed');
      return { botId: auth.bot_id ?? '', botUserId: auth.user_id ?? '', team: auth.team ?? '' };
    } catch (err) {
      const code = (err as { data?: { error?: string } }).data?.error;
      if (code !== undefined && AUTH_ERRORS.has(code)) {
        throw new PacelineError(
          'SLACK_AUTH_FAILED',
          `Slack rejected SLACK_BOT_TOKEN (${code}). Copy the Bot User OAuth Token again from the app's OAuth & Permissions page.`,
          [],
          { cause: err },
        );
      }
      const cause = code ?? (err as Error).message;
      const wait = delays[attempt - 1];
      if (wait === undefined) {
        throw new PacelineError('SLACK_UNREACHABLE', `Slack's Web API did not answer auth.test after ${attempt} attempts: ${cause}`, [], {
          cause: err,
        });
      }
      logger.warn({ attempt, retryInMs: wait, cause }, 'Slack did not answer auth.test; retrying');
      onRetry?.(cause, attempt);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/**
 * The composition root: database → migrations → Slack app → directory → listeners → HTTP.
 * Everything built here is handed down in one Deps object; nothing is a module singleton.
 */
export async function startPaceline(opts: StartOptions): Promise<RunningPaceline> {
  const { env, config, clock, logger } = opts;
  const credentials = requireSlackCredentials(env);
  const linear = config.tracker.linear === undefined ? undefined : requireLinearCredentials(env);
  const githubSecret = config.tracker.github === undefined ? undefined : requireGithubSecret(env);
  const publicPath = config.changelog.publicPath.replace(/\/$/, '') || '/';
  const changelogPaths = [
    publicPath,
    `${publicPath === '/' ? '' : publicPath}/atom.xml`,
    `${publicPath === '/' ? '' : publicPath}/feed.json`,
  ];
  // Routes whose handlers need services: served once the services below exist.
  const lateRoutes = new LateRoutes();
  const metrics = createMetrics();

  const db: Database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.PACELINE_DATA_DIR });
  let slackOk = false;
  let app: App | undefined;
  let idle: () => Promise<void> = () => Promise.resolve();
  let pending: () => number = () => 0;
  let afterBurst: AfterBurst | undefined;
  try {
    const report = await migrate(db, () => clock.now());
    logger.info({ database: db.kind, location: db.location, applied: report.applied }, 'database ready');

    // One request to Slack at boot, with bounded retries of our own (the Web API client's
    // default retries would wait up to half an hour without a word).
    const bootClient = new WebClient(credentials.botToken, {
      ...slackClientOptions(env.SLACK_API_URL),
      retryConfig: { retries: 0 },
      logger: boltLogger(logger),
    });
    // Meanwhile the port answers /healthz and a /readyz that says why Paceline is not ready yet.
    let booting = 'auth.test not answered yet';
    const bootStatus =
      env.SLACK_APP_TOKEN === undefined ? await serveBootStatus(env.PORT, () => booting).catch(() => undefined) : undefined;
    let identity;
    try {
      identity = await authenticate(bootClient, logger, undefined, (cause, attempt) => {
        booting = `auth.test attempt ${attempt} failed (${cause}); retrying`;
      });
    } finally {
      await bootStatus?.close();
    }
    slackOk = true;

    ({ app, idle, pending, afterBurst } = createBoltApp({
      identity,
      // Paced to Slack's documented limits (per method, and one message a second per
      // conversation) in the client, not found out from 429s.
      limiter: opts.slackPacing === 'off' ? undefined : new SlackRateLimiter(),
      botToken: credentials.botToken,
      signingSecret: credentials.signingSecret,
      appToken: env.SLACK_APP_TOKEN,
      apiUrl: env.SLACK_API_URL,
      port: env.PORT,
      logger,
      customRoutes: [
        ...healthRoutes({ database: () => db.ping(), slackAuthenticated: () => slackOk, warnings: () => givenUpWarnings(db) }, metrics, {
          access: { token: env.METRICS_TOKEN },
          metricsOnMainPort: env.METRICS_PORT === undefined,
        }),
        ...lateRoutes.customRoutes(['/webhooks/linear', '/webhooks/github', ...changelogPaths]),
      ],
    }));
    app.error((err) => {
      logger.error({ err }, 'unhandled error in a slack listener');
      return Promise.resolve();
    });

    const { directory, problems } = await resolveDirectory(app.client, config);
    if (problems.length > 0) {
      throw new PacelineError('SLACK_DIRECTORY', 'Some channels or people in the config were not found in Slack', problems);
    }
    const repos = createRepositories(db);
    await repos.roster.sync(rosterFrom(config, directory));

    const poster: Poster = new Poster(app.client, repos, clock, logger.child({ component: 'poster' }), (refused): Promise<void> =>
      tellAdmins(config, directory, poster, refused),
    );
    // What every service is built from; each takes the part it declares.
    const common = { config, repos, clock, directory, poster, present: presenters, workspace: slackWorkspace(app.client), logger };
    const tigerCrew = new TigerCrewService(common);
    const blockers = new BlockerService({ ...common, metrics, tigerCrew });
    metrics.measureOpenBlockers(() => blockers.openGauges());
    const chaosDrill = new ChaosDrillService(common);
    const demo = new DemoService(common);
    const retro = new RetroService(common);
    const kickoff = new KickoffService(common);
    const standups = new StandupService({ ...common, tigerCrew, blockers });
    const workItems = new WorkItemService({
      config,
      clock,
      directory,
      repos,
      logger: logger.child({ component: 'work-items' }),
      // Loaded only when Linear is configured: its SDK is the largest module Paceline has.
      tracker:
        linear === undefined
          ? undefined
          : new (await import('./tracker/linear.js')).LinearTracker(linear, logger.child({ component: 'linear' })),
      blockers: blockers.tracker,
    });
    if (linear !== undefined) {
      lateRoutes.add(
        'POST',
        '/webhooks/linear',
        linearWebhook({ secret: linear.webhookSecret, deliver: (id, payload) => workItems.linearDelivery(id, payload), logger }),
      );
    } else {
      lateRoutes.add('POST', '/webhooks/linear', (_req, res) =>
        reply(res, 404, { error: 'Linear is not configured here: add tracker.linear to paceline.yml (README, "Work from Linear")' }),
      );
    }
    const changelog = new ChangelogService({ ...common, logger: logger.child({ component: 'changelog' }) });
    const smoke = new SmokeService({ ...common, tigerCrew });
    const reviews = new ReviewService({ ...common, logger: logger.child({ component: 'reviews' }), prefixes: () => changelog.prefixes() });
    if (githubSecret !== undefined) {
      lateRoutes.add(
        'POST',
        '/webhooks/github',
        githubWebhook({
          secret: githubSecret,
          deliver: (id, event, payload) => githubDelivery({ changelog, reviews, smoke }, id, event, payload),
          logger,
        }),
      );
    } else {
      lateRoutes.add('POST', '/webhooks/github', (_req, res) =>
        reply(res, 404, { error: 'GitHub is not configured here: add tracker.github to paceline.yml (README, "Work from GitHub")' }),
      );
    }
    for (const r of changelogRoutes({ config, entries: () => changelog.publicEntries(), logger })) lateRoutes.add('GET', r.path, r.handler);
    lateRoutes.open();
    const deps: Deps = {
      config,
      directory,
      clock,
      logger,
      metrics,
      db,
      repos,
      slack: app.client,
      poster,
      services: {
        tigerCrew,
        standups,
        blockers,
        chaosDrill,
        demo,
        retro,
        kickoff,
        events: new EventLedger({ repos, clock }),
        home: new HomeService({ config, directory, clock, repos, tigerCrew }),
        workItems,
        changelog,
        digest: new DigestService({
          ...common,
          logger: logger.child({ component: 'digest' }),
          availability: () => tigerCrew.availability(),
        }),
      },
    };
    const surfaces = new Surfaces(app, metrics, logger, afterBurst);
    registerSurfaces(surfaces, deps);

    const runner = new JobRunner({
      config,
      clock,
      jobRuns: repos.jobRuns,
      handlers: jobHandlers(deps.services),
      logger: logger.child({ component: 'jobs' }),
      metrics,
      replicaId: opts.replicaId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
      lookbackMs: config.scheduler.catchUpWindow,
      everyTick: [
        // Posts whose process died between intent and ts (or whose Slack call failed) first.
        { name: 'pending-posts', run: () => poster.completePending() },
        { name: 'escalation-sweep', run: () => blockers.sweep() },
        { name: 'standup-reply-catch-up', run: () => standups.catchUpReplies() },
        { name: 'tiger-crew-announcement', run: () => tigerCrew.keepTodayCurrent() },
        { name: 'linear-reconcile', run: () => workItems.reconcileIfDue() },
        { name: 'review-nudges', run: () => reviews.sweep() },
        { name: 'processed-event-pruning', run: () => repos.processedEvents.prune(new Date(clock.now().getTime() - 24 * 3600_000)) },
      ],
    });

    const started: unknown = await app.start(env.PORT).catch((err: unknown) => {
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
        throw new PacelineError(
          'PORT_IN_USE',
          `Port ${env.PORT} is already in use by another process: stop it, or set PORT to a free port.`,
          [],
          {
            cause: err,
          },
        );
      throw err;
    });
    const metricsServer =
      env.METRICS_PORT === undefined
        ? undefined
        : await serveMetrics(metrics, { token: env.METRICS_TOKEN }, env.METRICS_HOST, env.METRICS_PORT);
    const port = env.SLACK_APP_TOKEN === undefined ? portOf(started as Server) : env.PORT;
    logger.info({ port, mode: env.SLACK_APP_TOKEN === undefined ? 'http' : 'socket' }, 'paceline listening');
    const scheduler =
      (opts.scheduler ?? 'cron') === 'cron'
        ? startMinuteTicks(runner, {
            timezone: config.timezone,
            ...(opts.tickExpression === undefined ? {} : { expression: opts.tickExpression }),
            logger,
            clock,
            // Escalations are due at their blocker's filing time plus hours, not on a minute:
            // woken for at their deadline, they are posted within seconds of it, not up to a minute late.
            wakeups:
              opts.preciseEscalations === false
                ? []
                : [{ name: 'escalations', next: () => blockers.nextEscalationAt(), run: () => blockers.sweep() }],
          })
        : undefined;

    const running = app;
    let stopping: Promise<void> | undefined;
    return {
      port,
      ...(metricsServer === undefined ? {} : { metricsPort: metricsServer.port }),
      deps,
      declared: surfaces.declared,
      runner,
      idle,
      pending,
      stop() {
        // Stopping twice (SIGTERM then SIGINT) waits for the same shutdown.
        stopping ??= (async () => {
          await scheduler?.stop();
          await running.stop();
          await metricsServer?.close();
          // Events are processed after their ack: let the ones in flight finish first.
          await idle();
          await db.close();
          logger.info('paceline stopped');
        })();
        return stopping;
      },
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}

/** Posts Slack refused for good, as /readyz warnings an operator can act on. */
async function givenUpWarnings(db: Database): Promise<string[]> {
  const refused = await createRepositories(db).postedMessages.givenUp(5);
  return refused.map((r) => `Slack refused the post ${r.purpose} in ${r.channelId}: ${r.lastError ?? 'unknown error'}`);
}

/** A post Slack refused for good is told to every admin once, by DM, with what to fix. */
async function tellAdmins(
  config: Config,
  directory: Directory,
  poster: Poster,
  refused: { purpose: string; channel: string; error: string },
) {
  const fix =
    refused.error === 'not_in_channel' || refused.error === 'channel_not_found'
      ? ' Invite the app to the channel (or fix the channel in paceline.yml).'
      : refused.error === 'is_archived'
        ? ' The channel is archived: unarchive it or point paceline.yml at another one.'
        : '';
  for (const admin of config.admins) {
    const user = directory.people.get(admin);
    if (user === undefined) continue;
    await poster.postIfNew(`refused-notice:${refused.purpose}:${admin}`, user, {
      text: `:warning: Slack refused a Paceline post for good (${refused.error}) in <#${refused.channel}> (${refused.purpose}); it will not be retried.${fix}`,
    });
  }
}

/** A placeholder for the port while Paceline waits for Slack at boot: alive, not ready, and why. */
async function serveBootStatus(port: number, reason: () => string): Promise<{ close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const alive = path === '/healthz';
    res.writeHead(alive ? 200 : 503, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '5' });
    res.end(JSON.stringify(alive ? { status: 'ok' } : { status: 'starting', checks: { database: 'ok', slack: reason() } }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** /metrics on a port of its own, for operators who keep it off the port Slack reaches. */
async function serveMetrics(
  metrics: Metrics,
  access: MetricsAccess,
  host: string,
  port: number,
): Promise<{ port: number; close(): Promise<void> }> {
  const handler = metricsHandler(metrics, access);
  const server = createServer((req, res) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname === '/metrics' && req.method === 'GET') handler(req, res);
    else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('only GET /metrics is served here');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    port: portOf(server),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function portOf(server: Server): number {
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : 0;
}

export function rosterFrom(config: Config, directory: Directory) {
  return {
    people: config.people.map((p) => ({
      key: p.key,
      name: p.name,
      slackUserId: directory.people.get(p.key) ?? null,
      timezone: p.timezone ?? null,
    })),
    streams: config.streams.map((s) => ({
      key: s.key,
      name: s.name,
      sprintLabel: s.sprintLabel,
      channelId: directory.channels.get(s.channel) ?? null,
      leadKey: s.lead,
      members: s.members.map((m) => ({
        key: m,
        role: m === s.lead ? ('lead' as const) : m === s.qa ? ('qa' as const) : m === s.devrel ? ('devrel' as const) : ('member' as const),
      })),
    })),
  };
}
