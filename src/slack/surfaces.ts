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
import PQueue from 'p-queue';

/** Event listeners (and button work) run this many at once; the rest wait their turn, already acknowledged. */
const EVENT_CONCURRENCY = 4;
import type { Logger } from '../observability/logger.js';
import type { AfterBurst } from './app.js';
import type { Metrics } from '../observability/metrics.js';

// C0 control characters and DEL, except tab, line feed and carriage return: matching them is the point.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Removes control characters from every string inside a parsed request body, in place. */
export function stripControlCharacters(value: unknown, depth = 0): void {
  if (depth > 20 || typeof value !== 'object' || value === null) return;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const v = record[key];
    if (typeof v === 'string') {
      if (CONTROL.test(v)) record[key] = v.replace(CONTROL, '');
      CONTROL.lastIndex = 0;
    } else stripControlCharacters(v, depth + 1);
  }
}

/** The longest slash-command text Paceline reads; anything longer is refused with this limit. */
export const MAX_COMMAND_TEXT = 4000;

/** The longest echo of a person's own text in a reply; longer text is cut with an ellipsis. */
export const ECHO_LIMIT = 500;

/** A person's text shown back to them in a code block, capped, so it can be copied and resent. */
export function quoteForEcho(text: string): string {
  const capped = text.length > ECHO_LIMIT ? `${text.slice(0, ECHO_LIMIT - 1)}…` : text;
  return `\`\`\`${capped.replace(/```/g, "'''")}\`\`\``;
}

/**
 * Wraps a listener's ack so that a failure handler knows whether Slack already got its answer
 * (then it may only follow up) or not (then it must answer within the 3 s itself).
 */
function trackAck<A extends (...args: never[]) => Promise<void>>(ack: A): { ack: A; acked: () => boolean } {
  let acked = false;
  const wrapped = (async (...args: Parameters<A>) => {
    acked = true;
    await ack(...args);
  }) as A;
  return { ack: wrapped, acked: () => acked };
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
    /** Work that can wait starts after a burst of requests (`AfterBurst`); at once when not given. */
    private readonly afterBurst: AfterBurst = () => Promise.resolve(),
  ) {
    // Slack waits 3 s for an answer to every interaction. One nobody listens to (an unknown
    // action id, a closed modal, a shortcut, an old button after an upgrade) is acknowledged at
    // once and logged at debug, instead of Bolt's 3-second silence and a warning in the client.
    // Control characters in what people send (a NUL byte is refused by PostgreSQL) are removed
    // from every string of the request in one place, before any listener reads it.
    app.use(async ({ body, ack, next }) => {
      const command = body as unknown as { command?: unknown; text?: unknown };
      const before = typeof command.command === 'string' && typeof command.text === 'string' ? command.text : undefined;
      stripControlCharacters(body);
      if (before !== undefined && before.length > MAX_COMMAND_TEXT && ack !== undefined) {
        await (ack as (response?: unknown) => Promise<void>)({
          response_type: 'ephemeral',
          text: `Your ${String(command.command)} text is ${before.length.toLocaleString('en-US')} characters; the limit is ${MAX_COMMAND_TEXT.toLocaleString('en-US')}. Put long details in a thread instead.`,
        });
        return;
      }
      if (before !== undefined && before.trim() !== '' && (command.text as string).trim() === '' && ack !== undefined) {
        await (ack as (response?: unknown) => Promise<void>)({
          response_type: 'ephemeral',
          text: `Your ${String(command.command)} text was only control characters, so there is nothing to read. Type it again.`,
        });
        return;
      }
      await next();
    });
    app.use(async ({ body, ack, next }) => {
      const unhandled = ack === undefined ? null : this.unhandled(body as unknown as Record<string, unknown>);
      if (unhandled === null || ack === undefined) {
        await next();
        return;
      }
      this.logger.debug({ what: unhandled }, 'acknowledged a Slack request no listener handles');
      this.metrics.slackRequests.inc({ surface: 'unhandled', name: unhandled.split(' ')[0] ?? 'unknown', outcome: 'ok' });
      await (ack as (response?: unknown) => Promise<void>)(
        unhandled.startsWith('command ')
          ? { response_type: 'ephemeral', text: `Paceline has no command ${unhandled.slice(8)}.` }
          : undefined,
      );
    });
  }

  /** What a request is when no registered listener will take it, else null. */
  private unhandled(body: Record<string, unknown>): string | null {
    const type = body.type;
    if (typeof body.command === 'string') return this.declared.commands.has(body.command) ? null : `command ${body.command}`;
    if (type === 'block_actions') {
      const actions = Array.isArray(body.actions) ? (body.actions as { action_id?: unknown }[]) : [];
      return actions.some((a) => typeof a.action_id === 'string' && this.declared.actions.has(a.action_id))
        ? null
        : `action ${actions.map((a) => String(a.action_id)).join(',')}`;
    }
    if (type === 'view_submission') {
      const id = (body.view as { callback_id?: unknown } | undefined)?.callback_id;
      return typeof id === 'string' && this.declared.views.has(id) ? null : `view ${String(id)}`;
    }
    if (type === 'event_callback' || type === undefined) return null;
    // view_closed, shortcuts, message actions, block suggestions: nothing here listens to them.
    return `payload ${typeof type === 'string' ? type : 'of no type'}`;
  }

  private readonly eventWork = new PQueue({ concurrency: EVENT_CONCURRENCY });

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
      const tracked = trackAck(args.ack);
      await this.timed(
        'command',
        name,
        () => listener({ ...args, ack: tracked.ack }),
        async (ref) => {
          if (tracked.acked()) {
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

  event<T extends string>(
    type: T,
    listener: (args: EventArgs<T>) => Promise<void>,
    onError?: (args: EventArgs<T>, ref: string) => Promise<void>,
  ): void {
    this.declare('events', type);
    // Slack has its acknowledgement before an event's listener runs; the listeners' work goes
    // through a small queue and start once a burst of requests is over, so that a burst of
    // events (fifty App Home opens) does not crowd out the acknowledgements still owed.
    this.app.event(type, async (args) =>
      this.eventWork.add(async () => {
        await this.afterBurst();
        await this.timed('event', type, () => listener(args), onError === undefined ? undefined : (ref) => onError(args, ref));
      }),
    );
  }

  action(actionId: string, listener: (args: ActionArgs) => Promise<void>): void {
    this.declare('actions', actionId);
    this.app.action<BlockAction>(actionId, async (args) =>
      this.timed(
        'action',
        actionId,
        () => listener(args),
        async (ref) => {
          // Buttons are acknowledged first by every listener; one that failed before it did
          // must still answer Slack within 3 s.
          await args.ack().catch(() => undefined);
          await args.respond({
            response_type: 'ephemeral',
            replace_original: false,
            text: `Sorry, that button failed on our side (reference ${ref}).`,
          });
        },
      ),
    );
  }

  /**
   * A button whose work can wait (it opens no modal, whose trigger would expire after 3 s):
   * acknowledged here at once, its work queued with the events' work, so that fifty presses at
   * once do not slow the acknowledgements of the requests still arriving. The work is given a
   * no-op `ack`; a failure can only follow up, which the person is told.
   */
  buttonWork(actionId: string, work: (args: ActionArgs) => Promise<void>): void {
    this.declare('actions', actionId);
    this.app.action<BlockAction>(actionId, async (args) => {
      await args.ack();
      const queued = { ...args, ack: () => Promise.resolve() } as ActionArgs;
      // Awaited, so that the request stays in flight until its work is done and a graceful
      // shutdown waits for it (the person has been answered already).
      await this.eventWork.add(async () => {
        await this.afterBurst();
        await this.timed(
          'action',
          actionId,
          () => work(queued),
          async (ref) => {
            await args.respond({
              response_type: 'ephemeral',
              replace_original: false,
              text: `Sorry, that button failed on our side (reference ${ref}).`,
            });
          },
        );
      });
    });
  }

  view(callbackId: string, listener: (args: ViewArgs) => Promise<void>): void {
    this.declare('views', callbackId);
    this.app.view<ViewSubmitAction>(callbackId, async (args) => {
      // A submission that fails before it is acknowledged still closes within Slack's 3 s, and
      // the person is told that nothing was saved.
      const tracked = trackAck(args.ack);
      await this.timed(
        'view',
        callbackId,
        () => listener({ ...args, ack: tracked.ack }),
        async (ref) => {
          const acked = tracked.acked();
          if (!acked) await args.ack();
          await args.client.chat.postMessage({
            channel: args.body.user.id,
            text: `Sorry, that form failed on our side (reference ${ref})${acked ? '' : ' and nothing was saved'}. Ask an admin to look up ${ref} in the logs.`,
          });
        },
      );
    });
  }
}
