import { isDeepStrictEqual } from 'node:util';
import type { WebClient } from '@slack/web-api';
import type { KnownBlock } from '@slack/types';
import type { Clock } from '../clock.js';
import type { Repositories } from '../db/index.js';
import type { Acquired, PostedMessageRecord } from '../db/postedMessages.js';
import type { Logger } from '../observability/logger.js';
import type { Messenger, OnceMessage, OutgoingFile, OutgoingMessage, PostResult, ThreadReply } from '../services/ports.js';
import PQueue from 'p-queue';
import { humanReplies } from './threads.js';
import type { PostIntent } from '../domain/posts.js';

/** The message metadata type every Paceline post carries; its payload names the purpose. */
export const METADATA_TYPE = 'paceline_post';

/** How long one delivery attempt holds an intent before another may take it over. */
const LEASE_MS = 2 * 60_000;
/** An intent staged in a transaction is left to its own caller for this long before the sweep completes it. */
const GRACE_MS = 30_000;
/** Messages whose intents (and then ts) `postEachIfNew` records in one statement. */
const EACH_CHUNK = 50;
/** How far before the intent Slack is searched for a post (clock skew between us and Slack). */
const READ_BACK_MARGIN_S = 120;

// Slack refuses these for good: retrying only repeats the refusal. They are reported instead.
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'user_not_found',
  'cannot_dm_bot',
  'msg_too_long',
  'invalid_blocks',
]);

// An upload Slack refuses for good: the digest goes out without its chart rather than never.
const PERMANENT_UPLOAD = new Set(['missing_scope', 'not_allowed_token_type', 'invalid_arguments', 'file_uploads_disabled']);

/** A user id: a post addressed to it goes to the person's DM with the app. */
const isPerson = (channel: string): boolean => /^[UW][A-Z0-9]+$/.test(channel);

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

function slackError(err: unknown): string | undefined {
  return (err as { data?: { error?: string } }).data?.error;
}

interface SlackMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: { purpose?: unknown } };
}

/**
 * Posts each message once per purpose, crash-consistently: the intent is recorded before
 * chat.postMessage and the ts after it. A later attempt on an intent that has no ts (the
 * process died, Slack timed out) first reads Slack back for a message carrying the purpose in
 * its metadata and adopts it; only if there is none does it post. Every later call for a posted
 * purpose updates the message in place. Rate limits are the Web API client's business: it
 * waits for Retry-After on 429.
 */
export class Poster implements Messenger {
  private readonly dms = new Map<string, string>();

  constructor(
    private readonly client: WebClient,
    private readonly repos: Pick<Repositories, 'postedMessages'>,
    private readonly clock: Clock,
    private readonly logger?: Logger,
    /** Told once when Slack refuses a post for good (the admins are told by DM). */
    private readonly onGiveUp?: (refused: { purpose: string; channel: string; error: string }) => Promise<void>,
  ) {}

  /** Posts (or, when already posted, updates) the message of a purpose. */
  async postOnce(purpose: string, channel: string, message: OutgoingMessage, o: { threadTs?: string } = {}): Promise<PostResult> {
    // No read first: the intent's INSERT says whether the purpose is new (most are, at 09:00).
    return this.deliver(purpose, channel, message, o.threadTs ?? null, 'update');
  }

  /** Posts only if nothing was posted for this purpose yet (a reminder is sent once, never updated). */
  async postIfNew(purpose: string, channel: string, message: OutgoingMessage): Promise<boolean> {
    const result = await this.deliver(purpose, channel, message, null, 'leave');
    return result.ts !== null && !result.updated;
  }

  /** Updates the message of a purpose if it was posted; false when there is none. */
  async updateIfPosted(purpose: string, message: OutgoingMessage): Promise<boolean> {
    const existing = await this.repos.postedMessages.get(purpose);
    if (existing?.ts == null) return false;
    await this.update(purpose, existing as PostedMessageRecord & { ts: string }, message);
    return true;
  }

  /**
   * Uploads a file once per purpose (the digest's chart), crash-consistently like a post: the
   * intent is recorded before the upload and the file id after it (as the purpose's "ts"). The
   * file is shared in no channel, so an upload whose id was lost is invisible; a later attempt
   * first looks for it in files.list by its name, which carries the purpose, and adopts it.
   */
  async uploadOnce(purpose: string, file: OutgoingFile): Promise<string | null> {
    const existing = await this.repos.postedMessages.get(purpose);
    if (existing?.ts != null) return existing.ts;
    const at = this.clock.now();
    const got = await this.repos.postedMessages.acquire({
      purpose,
      channelId: '',
      threadTs: null,
      message: null,
      at,
      leaseUntil: new Date(at.getTime() + LEASE_MS),
    });
    if (got.kind === 'posted') return got.row.ts;
    if (got.kind !== 'leased') return null;
    const filename = `${purpose.replace(/[^A-Za-z0-9-]+/g, '-')}.png`;
    try {
      if (got.row.attempts > 1) {
        const found = await this.findUploaded(filename, got.row.intentAt);
        if (found !== null) {
          await this.repos.postedMessages.recordPosted(purpose, '', found, this.clock.now());
          this.logger?.info({ purpose, file: found }, 'found an earlier upload in Slack; adopted it instead of uploading again');
          return found;
        }
      }
      const res = (await this.client.filesUploadV2({
        file: Buffer.from(file.data),
        filename,
        title: file.title,
        alt_text: file.altText,
      })) as { files?: { files?: { id?: string }[] }[] };
      const id = res.files?.[0]?.files?.[0]?.id;
      if (id === undefined) throw new Error(`Slack accepted the upload ${purpose} but returned no file id`);
      await this.repos.postedMessages.recordPosted(purpose, '', id, this.clock.now());
      return id;
    } catch (err) {
      const { code, giveUp } = await this.release(purpose, err, PERMANENT_UPLOAD);
      if (giveUp) {
        this.logger?.error({ purpose, error: code }, 'Slack refused this upload for good; the message goes out without it');
        return null;
      }
      throw err;
    }
  }

  /** The id of a file this app uploaded under `filename` since `since`, or null. */
  private async findUploaded(filename: string, since: Date): Promise<string | null> {
    const res = (await this.client.files.list({
      ts_from: String(Math.floor(since.getTime() / 1000) - READ_BACK_MARGIN_S),
      types: 'images',
      count: 100,
    })) as { files?: { id?: string; name?: string }[] };
    return res.files?.find((f) => f.name === filename)?.id ?? null;
  }

  /** The replies people wrote in a thread, read back from Slack. */
  readThread(channel: string, threadTs: string): AsyncIterable<ThreadReply> {
    return humanReplies(this.client, channel, threadTs);
  }

  /** An intent for a repository to write in the same transaction as the change it announces. */
  intent(purpose: string, channel: string, message: OutgoingMessage, threadTs?: string | null): PostIntent {
    return { purpose, channelId: channel, threadTs: threadTs ?? null, message };
  }

  /** Delivers intents written in a transaction (by purpose); each is posted once. */
  async deliverStaged(purposes: readonly string[]): Promise<void> {
    for (const purpose of purposes) {
      const row = await this.repos.postedMessages.get(purpose);
      if (row === null || row.ts !== null || row.payload === null) continue;
      await this.deliver(purpose, row.channelId, row.payload, row.threadTs);
    }
  }

  /**
   * The recovery sweep (at boot and every tick): completes intents whose deliverer died or
   * failed, reading Slack back first. Returns how many were completed.
   */
  async completePending(): Promise<number> {
    const now = this.clock.now();
    let done = 0;
    for (const row of await this.repos.postedMessages.pending(new Date(now.getTime() - GRACE_MS), now)) {
      if (row.payload === null) continue;
      try {
        const result = await this.deliver(row.purpose, row.channelId, row.payload, row.threadTs);
        if (result.ts !== null) done += 1;
      } catch (err) {
        this.logger?.warn({ err, purpose: row.purpose }, 'a pending post could not be completed yet; the next tick tries again');
      }
    }
    return done;
  }

  /**
   * A thread reply arrived under a message whose ts we never recorded (the process died right
   * after posting it). If that parent is one of our pending intents in the channel, adopt it:
   * record its ts and return its purpose.
   */
  async adoptParent(channel: string, threadTs: string): Promise<string | null> {
    const pending = await this.repos.postedMessages.pendingIn(channel);
    if (pending.length === 0) return null;
    const res = (await this.client.conversations.replies({ channel, ts: threadTs, limit: 1, include_all_metadata: true })) as {
      messages?: SlackMessage[];
    };
    const parent = res.messages?.find((m) => m.ts === threadTs);
    const purpose = parent?.metadata?.event_type === METADATA_TYPE ? parent.metadata.event_payload?.purpose : undefined;
    if (typeof purpose !== 'string' || !pending.some((p) => p.purpose === purpose)) return null;
    await this.repos.postedMessages.recordPosted(purpose, channel, threadTs, this.clock.now());
    return purpose;
  }

  private async deliver(
    purpose: string,
    channel: string,
    message: OutgoingMessage,
    threadTs: string | null,
    ifPosted: 'update' | 'leave' = 'update',
  ): Promise<PostResult> {
    const at = this.clock.now();
    const got = await this.repos.postedMessages.acquire({
      purpose,
      channelId: this.conversationOf(channel),
      threadTs,
      message: message,
      at,
      leaseUntil: new Date(at.getTime() + LEASE_MS),
    });
    if (got.kind === 'posted') {
      if (ifPosted === 'update') await this.update(purpose, got.row as PostedMessageRecord & { ts: string }, message);
      return { ts: got.row.ts as string, updated: true };
    }
    if (got.kind === 'busy' || got.kind === 'given-up') return { ts: null, updated: false, reason: got.kind };
    const sent = await this.sendLeased(got.row, message, channel);
    if (!sent.adopted) await this.repos.postedMessages.recordPosted(purpose, sent.channel, sent.ts, this.clock.now());
    return { ts: sent.ts, updated: sent.adopted };
  }

  /**
   * Sends many messages, each once per purpose like `postIfNew` (the 09:00 reminders): at most
   * `concurrency` Slack calls at once, as one by one would, but the database is written a chunk
   * at a time — the intents of a chunk in one statement before its posts, their ts in one after
   * them — instead of twice per message. Resolves once every message was tried, with each one's
   * outcome: true if posted now, false if it had been (or another attempt holds it), or the error.
   */
  async postEachIfNew(messages: readonly OnceMessage[], o: { concurrency: number }): Promise<(boolean | Error)[]> {
    const queue = new PQueue({ concurrency: o.concurrency });
    const outcomes: (boolean | Error)[] = [];
    const chunks: { first: number; items: readonly OnceMessage[] }[] = [];
    for (let i = 0; i < messages.length; i += EACH_CHUNK) chunks.push({ first: i, items: messages.slice(i, i + EACH_CHUNK) });
    // Chunk after chunk, the intents are recorded while the chunk before posts, and its posts
    // queue right behind (Slack never waits on the database between chunks). An intent is not
    // taken until the chunk two before it has posted: no more than a chunk's posts ever wait
    // ahead of it, far inside its lease even at Slack's pace.
    const finished: Promise<void>[] = [];
    for (const [k, chunk] of chunks.entries()) {
      await finished[k - 2];
      let leased: Acquired[];
      try {
        leased = await this.leaseEach(chunk.items);
      } catch (err) {
        chunk.items.forEach((_, i) => (outcomes[chunk.first + i] = asError(err)));
        continue;
      }
      finished[k] = this.sendChunk(chunk.items, leased, queue).then((results) =>
        results.forEach((r, i) => (outcomes[chunk.first + i] = r)),
      );
    }
    await Promise.all(finished);
    return outcomes;
  }

  /** Posts a chunk's leased intents through the queue, then records their ts in one statement. */
  private async sendChunk(items: readonly OnceMessage[], leased: readonly Acquired[], queue: PQueue): Promise<(boolean | Error)[]> {
    const results: (boolean | Error)[] = [];
    const posted: { i: number; channel: string; ts: string }[] = [];
    await Promise.all(
      leased.map((got, i) =>
        queue.add(async () => {
          const m = items[i] as OnceMessage;
          if (got.kind !== 'leased') return void (results[i] = false);
          try {
            const sent = await this.sendLeased(got.row, m.message, m.channel);
            if (!sent.adopted) posted.push({ i, channel: sent.channel, ts: sent.ts });
            results[i] = !sent.adopted;
          } catch (err) {
            results[i] = asError(err);
          }
        }),
      ),
    );
    // One statement (the coalescer joins calls made in one turn). If it fails, the intents keep
    // their leases until they run out, and then the recovery sweep finds the posts in Slack.
    const at = this.clock.now();
    const recorded = await Promise.allSettled(
      posted.map((p) => this.repos.postedMessages.recordPosted((items[p.i] as OnceMessage).purpose, p.channel, p.ts, at)),
    );
    recorded.forEach((r, j) => {
      if (r.status === 'rejected') results[(posted[j] as (typeof posted)[number]).i] = asError(r.reason);
    });
    return results;
  }

  /** Records a chunk's intents in one statement. */
  private async leaseEach(chunk: readonly OnceMessage[]): Promise<Acquired[]> {
    const at = this.clock.now();
    const leaseUntil = new Date(at.getTime() + LEASE_MS);
    return Promise.all(
      chunk.map((m) =>
        this.repos.postedMessages.acquire({
          purpose: m.purpose,
          channelId: this.conversationOf(m.channel),
          threadTs: null,
          message: m.message,
          at,
          leaseUntil,
        }),
      ),
    );
  }

  /**
   * Delivers an intent this attempt holds the lease of: to the conversation (a DM opened if the
   * intent names a person), after reading Slack back when an earlier attempt may have posted it.
   * Returns the ts, not yet recorded unless `adopted` (an earlier post found and recorded). A
   * failure releases the lease (or gives up, telling the admins) and is thrown.
   */
  private async sendLeased(
    row: PostedMessageRecord,
    message: OutgoingMessage,
    /** Where the caller addressed it (a person for a DM), as the admins are told if Slack refuses it. */
    addressedTo: string,
  ): Promise<{ ts: string; channel: string; adopted: boolean }> {
    const purpose = row.purpose;
    try {
      // A DM is posted to the person (Slack puts it in the app's conversation with them, and
      // answers with that conversation's id, recorded with the ts): no conversations.open, a
      // 50-a-minute method, on the way (a thousand first reminders waited 20 minutes on it).
      let conversation = this.conversationOf(row.channelId);
      // A second attempt may follow one that reached Slack before its process died.
      if (row.attempts > 1) {
        // Slack's history is read by the conversation's id: an intent that names a person
        // learns it now (and keeps it, so a later attempt need not ask again).
        conversation = await this.dmOf(row.channelId);
        if (conversation !== row.channelId) await this.repos.postedMessages.setChannel(purpose, conversation);
        const found = await this.findPosted(conversation, row.threadTs, purpose, row.intentAt);
        if (found !== null) {
          await this.repos.postedMessages.recordPosted(purpose, conversation, found, this.clock.now());
          this.logger?.info({ purpose, ts: found }, 'found an earlier post in Slack; adopted it instead of posting again');
          await this.update(purpose, { channelId: conversation, ts: found }, message);
          return { ts: found, channel: conversation, adopted: true };
        }
      }
      const res = await this.client.chat.postMessage({
        channel: conversation,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks as KnownBlock[] } : {}),
        ...(row.threadTs ? { thread_ts: row.threadTs } : {}),
        metadata: { event_type: METADATA_TYPE, event_payload: { purpose } },
      });
      const posted = res.channel ?? conversation;
      if (posted !== conversation && isPerson(conversation)) this.dms.set(conversation, posted);
      return { ts: res.ts as string, channel: posted, adopted: false };
    } catch (err) {
      const { code, giveUp } = await this.release(purpose, err, PERMANENT);
      if (giveUp && code !== undefined) {
        this.logger?.error({ purpose, channel: addressedTo, error: code }, 'Slack refused this post for good; it will not be retried');
        // Notices about refusals are not themselves reported, or a DM refused would loop.
        if (!purpose.startsWith('refused-notice:'))
          await this.onGiveUp?.({ purpose, channel: addressedTo, error: code }).catch((notifyErr: unknown) =>
            this.logger?.warn({ err: notifyErr, purpose }, 'could not tell the admins about a refused post'),
          );
      }
      throw err;
    }
  }

  /**
   * A failed attempt lets go of its intent: released for a later attempt, or given up when
   * Slack's answer is one of `permanent` (retrying would only repeat the refusal).
   */
  private async release(
    purpose: string,
    err: unknown,
    permanent: ReadonlySet<string>,
  ): Promise<{ code: string | undefined; giveUp: boolean }> {
    const code = slackError(err);
    const giveUp = code !== undefined && permanent.has(code);
    await this.repos.postedMessages
      .release(purpose, code ?? (err as Error).message, { giveUp, at: this.clock.now() })
      .catch(() => undefined);
    return { code, giveUp };
  }

  /** Where a post to `channel` goes: a person's DM conversation when known, else as addressed. */
  private conversationOf(channel: string): string {
    return this.dms.get(channel) ?? channel;
  }

  /**
   * The DM conversation with a person (a user id), opened once per process; any other channel as
   * it is. Only reading back needs it: Slack's history is read by the conversation's id.
   */
  private async dmOf(channel: string): Promise<string> {
    if (!isPerson(channel)) return channel;
    // A person's DM with the bot never changes: learned once per process (from a post's answer
    // or from conversations.open), not once per message.
    let id = this.dms.get(channel);
    if (id === undefined) {
      const opened = await this.client.conversations.open({ users: channel });
      id = opened.channel?.id;
      if (id === undefined) return channel;
      this.dms.set(channel, id);
    }
    return id;
  }

  /** The ts of a message in Slack that carries this purpose, posted after `since`, or null. */
  private async findPosted(channel: string, threadTs: string | null, purpose: string, since: Date): Promise<string | null> {
    const oldest = String(Math.floor(since.getTime() / 1000) - READ_BACK_MARGIN_S);
    const matches = (m: SlackMessage) => m.metadata?.event_type === METADATA_TYPE && m.metadata.event_payload?.purpose === purpose;
    let cursor: string | undefined;
    // Bounded: a post made within minutes of its intent is in the first pages.
    for (let page = 0; page < 10; page++) {
      const res = (
        threadTs === null
          ? await this.client.conversations.history({
              channel,
              oldest,
              limit: 200,
              include_all_metadata: true,
              ...(cursor ? { cursor } : {}),
            })
          : await this.client.conversations.replies({
              channel,
              ts: threadTs,
              oldest,
              limit: 200,
              include_all_metadata: true,
              ...(cursor ? { cursor } : {}),
            })
      ) as { messages?: SlackMessage[]; response_metadata?: { next_cursor?: string } };
      const hit = (res.messages ?? []).find(matches);
      if (hit?.ts !== undefined) return hit.ts;
      cursor = res.response_metadata?.next_cursor || undefined;
      if (cursor === undefined) return null;
    }
    return null;
  }

  private async update(purpose: string, existing: { channelId: string; ts: string }, message: OutgoingMessage): Promise<void> {
    await this.client.chat.update({
      channel: existing.channelId,
      ts: existing.ts,
      text: message.text,
      ...(message.blocks ? { blocks: message.blocks as KnownBlock[] } : {}),
      metadata: { event_type: METADATA_TYPE, event_payload: { purpose } },
    });
    await this.repos.postedMessages.touch(purpose, this.clock.now(), message);
  }

  /**
   * Updates a posted message only if what it should say changed since it was last written
   * (the recovery of an update that a crash or a Slack outage kept from happening).
   */
  async updateIfChanged(purpose: string, message: OutgoingMessage): Promise<boolean> {
    const existing = await this.repos.postedMessages.get(purpose);
    if (existing?.ts == null) return false;
    // Compared as data, not as text: the stored copy comes back from jsonb with its keys in
    // another order, and a text comparison made every check an update (a chat.update a minute).
    if (existing.payload !== null && isDeepStrictEqual(existing.payload, JSON.parse(JSON.stringify(message)))) return false;
    await this.update(purpose, existing as PostedMessageRecord & { ts: string }, message);
    return true;
  }
}
