import { App, type CustomRoute } from '@slack/bolt';
import type { Logger } from '../observability/logger.js';
import { boltLogger } from '../observability/logger.js';
import { SystemClock } from '../clock.js';
import { GuardedHTTPReceiver } from './receiver.js';
import type { FetchFunction } from '@slack/web-api';
import type { SlackRateLimiter } from './rateLimiter.js';
import { type BurstHold, burstHoldMs } from '../domain/burst.js';

export interface SlackAppOptions {
  botToken: string;
  signingSecret: string;
  /** Socket Mode when set (xapp-…); the HTTP receiver otherwise. */
  appToken?: string | undefined;
  /** A Slack-compatible Web API base, e.g. a local emulator; Slack itself when unset. */
  apiUrl?: string | undefined;
  port: number;
  logger: Logger;
  customRoutes: CustomRoute[];
  /** Slack's identity of the bot, learned once at boot (auth.test), so Bolt never asks again per request. */
  identity: { botId: string; botUserId: string };
  /** Paces every Web API call to Slack's limits; none: calls go out at once (the tests' emulator has no limits). */
  limiter?: SlackRateLimiter | undefined;
}

/** Web API client options for Slack itself or a Slack-compatible base URL. */
export function slackClientOptions(
  apiUrl: string | undefined,
  limiter?: SlackRateLimiter,
): {
  slackApiUrl?: string;
  retryConfig: { retries: number; factor: number; minTimeout: number; maxTimeout: number };
  fetch?: FetchFunction;
} {
  return {
    ...(apiUrl === undefined ? {} : { slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` }),
    ...(limiter === undefined ? {} : { fetch: limiter.fetch() }),
    // A few quick retries (about 7 s in all), not the client's default half hour: every post is
    // a stored intent that the every-minute sweep completes, so giving up early loses nothing,
    // while a call stuck for half an hour holds up the request, the tick and shutdown.
    retryConfig: { retries: 3, factor: 2, minTimeout: 1000, maxTimeout: 4000 },
  };
}

/**
 * The Bolt app behind one interface for both receivers. Over HTTP, Bolt verifies each request's
 * signature and rejects ones older than 5 minutes; the custom routes share its server. In Socket
 * Mode the custom routes get a small HTTP server of their own on the same port.
 */
export interface BoltApp {
  app: App;
  /**
   * Resolves when every request received so far has been processed to the end. Slack gets its
   * ack first and events are handled after it, so shutdown waits on this before closing the
   * database, and so can a caller that needs the outcome of a request it sent.
   */
  idle: () => Promise<void>;
  /** How many requests are still being processed. */
  pending: () => number;
  /** Resolves when work that can wait may start (see `AfterBurst`). */
  afterBurst: AfterBurst;
}

/**
 * Work that can wait (an event's or a button's, after their acknowledgement) starts once no
 * request has arrived for a moment: fifty App Home opens at once are all answered first and then
 * worked through, instead of the first ones' database reads (on the embedded database, run on
 * this very thread) delaying the answers Slack is still waiting for. Never longer than
 * `maxMs`, so that steady traffic cannot starve the work.
 */
export type AfterBurst = () => Promise<void>;

/** 20 ms: a burst's requests arrive closer together; one App Home open is shown 20 ms later. */
export const EVENT_WORK_HOLD: BurstHold = { quietMs: 20, maxMs: 500 };

function trackInFlight(app: App): { idle: () => Promise<void>; pending: () => number; afterBurst: AfterBurst } {
  const inFlight = new Set<Promise<void>>();
  const processEvent = app.processEvent.bind(app);
  let lastArrival: number | undefined;
  // Receivers call app.processEvent for every request; the promise is registered before the
  // request is acknowledged, so it can never be missed.
  app.processEvent = (event) => {
    lastArrival = performance.now();
    const p = processEvent(event);
    const tracked = p.then(
      () => undefined,
      () => undefined,
    );
    inFlight.add(tracked);
    void tracked.then(() => inFlight.delete(tracked));
    return p;
  };
  return {
    idle: async () => {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    pending: () => inFlight.size,
    afterBurst: async () => {
      const since = performance.now();
      for (;;) {
        const wait = burstHoldMs(EVENT_WORK_HOLD, performance.now(), lastArrival, since);
        if (wait <= 0) return;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    },
  };
}

export function createBoltApp(o: SlackAppOptions): BoltApp {
  const app = buildApp(o);
  return { app, ...trackInFlight(app) };
}

function buildApp(o: SlackAppOptions): App {
  const common = {
    token: o.botToken,
    logger: boltLogger(o.logger),
    // auth.test ran once at boot; with botId and botUserId given, Bolt 5.1's single-workspace
    // authorize would otherwise call auth.test again on every request (and fail them all while
    // Slack is unreachable, even commands that only need the database).
    tokenVerificationEnabled: false,
    botId: o.identity.botId,
    botUserId: o.identity.botUserId,
    clientOptions: slackClientOptions(o.apiUrl, o.limiter),
  };
  if (o.appToken !== undefined) {
    return new App({
      ...common,
      signingSecret: o.signingSecret,
      customRoutes: o.customRoutes,
      socketMode: true,
      appToken: o.appToken,
      installerOptions: { port: o.port },
    });
  }
  const receiver = new GuardedHTTPReceiver({
    signingSecret: o.signingSecret,
    logger: common.logger,
    customRoutes: o.customRoutes,
    processBeforeResponse: false,
    // Slack's signature timestamps are wall-clock time, whatever clock the rituals run on.
    wallClock: new SystemClock(),
    guardLogger: o.logger.child({ component: 'receiver' }),
  });
  return new App({ ...common, receiver });
}
