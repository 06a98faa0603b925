import type { WebClient } from '@slack/web-api';
import type { KnownBlock } from '@slack/types';
import type { Clock } from '../clock.js';
import type { Repositories } from '../db/index.js';

export interface OutgoingMessage {
  text: string;
  blocks?: KnownBlock[];
}

/**
 * Posts a message once per purpose: the first call posts and records the channel and ts, every
 * later call (a retry, a second replica, a re-run after a crash) updates that message in place.
 * Rate limits are the Web API client's business: it waits for Retry-After on 429.
 */
export class Poster {
  constructor(
    private readonly client: WebClient,
    private readonly repos: Pick<Repositories, 'postedMessages'>,
    private readonly clock: Clock,
  ) {}

  async postOnce(purpose: string, channel: string, message: OutgoingMessage): Promise<{ ts: string; updated: boolean }> {
    const existing = await this.repos.postedMessages.get(purpose);
    if (existing !== null) {
      await this.update(purpose, existing, message);
      return { ts: existing.ts, updated: true };
    }
    return { ts: await this.post(purpose, channel, message), updated: false };
  }

  /** Posts only if nothing was posted for this purpose yet (a reminder is sent once, never updated). */
  async postIfNew(purpose: string, channel: string, message: OutgoingMessage): Promise<boolean> {
    if ((await this.repos.postedMessages.get(purpose)) !== null) return false;
    await this.post(purpose, channel, message);
    return true;
  }

  /** Updates the message of a purpose if it was posted; false when there is none. */
  async updateIfPosted(purpose: string, message: OutgoingMessage): Promise<boolean> {
    const existing = await this.repos.postedMessages.get(purpose);
    if (existing === null) return false;
    await this.update(purpose, existing, message);
    return true;
  }

  private async update(purpose: string, existing: { channelId: string; ts: string }, message: OutgoingMessage): Promise<void> {
    await this.client.chat.update({
      channel: existing.channelId,
      ts: existing.ts,
      text: message.text,
      ...(message.blocks ? { blocks: message.blocks } : {}),
    });
    await this.repos.postedMessages.touch(purpose, this.clock.now());
  }

  private async post(purpose: string, channel: string, message: OutgoingMessage): Promise<string> {
    const res = await this.client.chat.postMessage({ channel, text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) });
    const ts = res.ts as string;
    await this.repos.postedMessages.record(purpose, res.channel ?? channel, ts, this.clock.now());
    return ts;
  }
}
