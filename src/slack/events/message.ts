import { z } from 'zod';
import type { ListenerDeps } from '../../deps.js';
import type { Surfaces } from '../surfaces.js';

// The two message shapes that can be a stand-up answer: a reply in a thread, and the edit of one.
const Reply = z.object({
  channel: z.string(),
  user: z.string(),
  text: z.string().default(''),
  ts: z.string(),
  thread_ts: z.string(),
});
const Edit = z.object({
  subtype: z.literal('message_changed'),
  channel: z.string(),
  message: z.object({ user: z.string(), text: z.string().default(''), ts: z.string(), thread_ts: z.string() }),
});

export function register(surfaces: Surfaces, deps: ListenerDeps): void {
  surfaces.event(
    'message',
    async ({ event, body, client }) => {
      const raw = event as unknown as Record<string, unknown>;
      // Our own posts and other bots never answer a stand-up.
      if (raw.bot_id !== undefined || raw.subtype === 'bot_message') return;
      const edit = Edit.safeParse(raw);
      const reply = raw.subtype === undefined ? Reply.safeParse(raw) : undefined;
      const input = edit.success
        ? {
            channel: edit.data.channel,
            threadTs: edit.data.message.thread_ts,
            ts: edit.data.message.ts,
            user: edit.data.message.user,
            text: edit.data.message.text,
            edit: true,
          }
        : reply?.success
          ? {
              channel: reply.data.channel,
              threadTs: reply.data.thread_ts,
              ts: reply.data.ts,
              user: reply.data.user,
              text: reply.data.text,
              edit: false,
            }
          : undefined;
      if (input === undefined || input.threadTs === input.ts) return;
      // Slack redelivers an event it thinks we missed (X-Slack-Retry-Num); it counts once.
      if (!(await deps.services.events.firstDelivery(body.event_id))) return;

      const tell = (text: string) =>
        client.chat.postEphemeral({ channel: input.channel, user: input.user, thread_ts: input.threadTs, text });
      const outcome = await deps.services.standups.threadMessage(input);
      if (outcome.kind === 'not-a-prompt') {
        // Not a stand-up: perhaps the day-14 retro thread.
        const retro = await deps.services.retro.retroReply(input);
        if (retro === 'saved' && !input.edit)
          await client.reactions.add({ channel: input.channel, timestamp: input.ts, name: 'white_check_mark' }).catch(() => undefined);
        if (retro === 'closed') await tell('This retro is closed; its summary is posted. Bring it up at the next retro.');
        return;
      }
      switch (outcome.kind) {
        case 'saved':
          if (!input.edit) {
            await client.reactions.add({ channel: input.channel, timestamp: input.ts, name: 'white_check_mark' }).catch(() => undefined);
          }
          if (outcome.blockers.length > 0) await tell(`Tracked as blocker ${outcome.blockers.map((n) => `B-${n}`).join(', ')}.`);
          return;
        case 'unknown-user':
          await tell("This reply isn't counted: you are not in any stream of Paceline's config. Ask an admin to add you to paceline.yml.");
          return;
        case 'not-in-stream':
          await tell(
            `This reply isn't counted: you are not a member of ${outcome.stream}. Answer in your own stream's thread, or use /standup.`,
          );
          return;
        case 'closed':
          await tell(
            `This stand-up closed at ${outcome.closeAt}; your reply was not added to it. Tomorrow's prompt comes at the usual time.`,
          );
          return;
        default:
          return;
      }
    },
    // Slack does not send an event again once we answered 200: say the reply is not recorded yet,
    // and catch up from the thread as soon as the database answers again.
    async ({ event, client }, ref) => {
      const raw = event as unknown as {
        channel?: string;
        user?: string;
        thread_ts?: string;
        ts?: string;
        bot_id?: string;
        subtype?: string;
      };
      if (raw.bot_id !== undefined || raw.subtype !== undefined || !raw.channel || !raw.user || !raw.thread_ts || raw.thread_ts === raw.ts)
        return;
      deps.services.standups.noteMissedReply();
      await client.chat.postEphemeral({
        channel: raw.channel,
        user: raw.user,
        thread_ts: raw.thread_ts,
        text: `Your reply reached Slack but Paceline could not record it yet (reference ${ref}). Nothing to do: it is read again from this thread and counted once Paceline's database answers again.`,
      });
    },
  );
}
