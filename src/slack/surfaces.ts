import { randomUUID } from 'node:crypto';
import type {
  AllMiddlewareArgs,
  App,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
  BlockAction,
  ViewSubmitAction,
} from '@slack/bolt';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';

/** The longest echo of a person's own text in a reply; longer text is cut with an ellipsis. */
export const ECHO_LIMIT = 500;

/** A person's text shown back to them in a code block, capped, so it can be copied and resent. */
export function quoteForEcho(text: string): string {
  const capped = text.length > ECHO_LIMIT ? `${text.slice(0, ECHO_LIMIT - 1)}…` : text;
  return `\`\`\`${capped.replace(/```/g, "'''")}\`\`\``;
}

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
export type EventArgs<T extends string> = SlackEventMiddlewareArgs<T> & AllMiddlewareArgs;
export type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;
export type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export interface DeclaredSurfaces {
  commands: Set<string>;
  actions: Set<string>;
  views: Set<string>;
  events: Set<string>;
}

/**
 * Every listener is registered through here, so that (1) what the app handles can be compared
 * with what manifest.yml declares, and (2) each surface is counted, timed and, when it fails,
 * answered with a short message instead of silence.
 */
export class Surfaces {
  readonly declared: DeclaredSurfaces = { commands: new Set(), actions: new Set(), views: new Set(), events: new Set() };

  constructor(
    private readonly app: App,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {}

  /** Two listeners for one surface would race to answer; that is a bug, caught at boot. */
  private declare(kind: keyof DeclaredSurfaces, name: string): void {
    if (this.declared[kind].has(name)) throw new Error(`${kind} ${name} is registered twice`);
    this.declared[kind].add(name);
  }

  private async timed(surface: string, name: string, run: () => Promise<void>, onError?: (ref: string) => Promise<void>): Promise<void> {
    const end = this.metrics.slackLatency.startTimer({ surface, name });
    try {
      await run();
      this.metrics.slackRequests.inc({ surface, name, outcome: 'ok' });
    } catch (err) {
      const ref = randomUUID().slice(0, 8);
      this.metrics.slackRequests.inc({ surface, name, outcome: 'error' });
      this.logger.error({ err, surface, name, ref }, 'slack listener failed');
      if (onError) {
        try {
          await onError(ref);
        } catch (replyErr) {
          this.logger.warn({ err: replyErr, surface, name, ref }, 'could not tell the user about the failure');
        }
      }
    } finally {
      end();
    }
  }

  command(name: `/${string}`, listener: (args: CommandArgs) => Promise<void>): void {
    this.declare('commands', name);
    this.app.command(name, async (args) => {
      // Some commands read the database before acknowledging; if that fails, the error must
      // still reach the person inside Slack's 3 s, in the acknowledgement itself.
      let acked = false;
      const ack: CommandArgs['ack'] = async (response) => {
        acked = true;
        await args.ack(response);
      };
      await this.timed(
        'command',
        name,
        () => listener({ ...args, ack }),
        async (ref) => {
          if (acked) {
            // What was acknowledged is stored; the failure came after it.
            await args.respond({
              response_type: 'ephemeral',
              text: `Sorry, ${name} was received but failed on our side afterwards (reference ${ref}). Ask an admin to look up ${ref} in the logs.`,
            });
            return;
          }
          // Nothing was saved: say so, and give the text back so it can be sent again as it was.
          await args.ack({
            response_type: 'ephemeral',
            text:
              `Sorry, ${name} failed on our side (reference ${ref}) and nothing was saved. ` +
              `Send it again in a minute; here is what you typed:\n${quoteForEcho(`${name} ${args.command.text}`.trim())}`,
          });
        },
      );
    });
  }

  event<T extends string>(type: T, listener: (args: EventArgs<T>) => Promise<void>): void {
    this.declare('events', type);
    this.app.event(type, async (args) => this.timed('event', type, () => listener(args)));
  }

  action(actionId: string, listener: (args: ActionArgs) => Promise<void>): void {
    this.declare('actions', actionId);
    this.app.action<BlockAction>(actionId, async (args) =>
      this.timed(
        'action',
        actionId,
        () => listener(args),
        async (ref) => {
          await args.respond({
            response_type: 'ephemeral',
            replace_original: false,
            text: `Sorry, that button failed on our side (reference ${ref}).`,
          });
        },
      ),
    );
  }

  view(callbackId: string, listener: (args: ViewArgs) => Promise<void>): void {
    this.declare('views', callbackId);
    this.app.view<ViewSubmitAction>(callbackId, async (args) => this.timed('view', callbackId, () => listener(args)));
  }
}
