import { App, type CustomRoute } from '@slack/bolt';
import type { Logger } from '../observability/logger.js';
import { boltLogger } from '../observability/logger.js';

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
}

/**
 * The Bolt app behind one interface for both receivers. Over HTTP, Bolt verifies each request's
 * signature and rejects ones older than 5 minutes; the custom routes share its server. In Socket
 * Mode the custom routes get a small HTTP server of their own on the same port.
 */
export function createBoltApp(o: SlackAppOptions): App {
  const common = {
    token: o.botToken,
    signingSecret: o.signingSecret,
    logger: boltLogger(o.logger),
    // We run auth.test ourselves at boot to report readiness; Bolt does it lazily after that.
    tokenVerificationEnabled: false,
    clientOptions: o.apiUrl === undefined ? {} : { slackApiUrl: o.apiUrl.endsWith('/') ? o.apiUrl : `${o.apiUrl}/` },
    customRoutes: o.customRoutes,
  };
  if (o.appToken !== undefined) {
    return new App({ ...common, socketMode: true, appToken: o.appToken, installerOptions: { port: o.port } });
  }
  return new App({ ...common, port: o.port, processBeforeResponse: false });
}
