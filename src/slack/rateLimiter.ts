import type { FetchFunction } from '@slack/web-api';
import { SystemClock } from '../clock.js';
import { nextStart, PER_CHANNEL_MS, PER_MINUTE } from '../domain/rateLimits.js';

const wallClock = new SystemClock();

const MINUTE = 60_000;

/**
 * Paces every Web API call Paceline makes to Slack's documented limits: per method (its tier,
 * calls a minute) and, for chat.postMessage, one message a second per conversation. It wraps the
 * client's fetch, so the bot's own client and the ones Bolt makes for listeners are paced alike.
 * Wall-clock time: rate limits are Slack's, measured on real time, not the sprint's clock.
 */
export class SlackRateLimiter {
  private readonly methods = new Map<string, number[]>();
  private readonly channels = new Map<string, number[]>();

  constructor(
    private readonly time: { now(): number; wait(ms: number): Promise<void> } = {
      now: () => wallClock.now().getTime(),
      wait: (ms) => new Promise((r) => setTimeout(r, ms)),
    },
  ) {}

  /** How long a call must wait before it may start (0: at once), and records it. */
  delay(method: string, channel: string | null, now = this.time.now()): number {
    const limit = PER_MINUTE[method];
    let at = now;
    if (limit !== undefined) at = Math.max(at, nextStart(this.window(this.methods, method), now, limit, MINUTE));
    if (method === 'chat.postMessage' && channel !== null)
      at = Math.max(at, nextStart(this.window(this.channels, channel), at, 1, PER_CHANNEL_MS));
    // Conversations idle for a while are forgotten, so a thousand DMs do not stay in memory.
    if (this.channels.size > 2000) for (const [k, w] of this.channels) if ((w.at(-1) ?? 0) < now - PER_CHANNEL_MS) this.channels.delete(k);
    return at - now;
  }

  /** The fetch the Web API client uses, paced. */
  fetch(base: FetchFunction = globalThis.fetch): FetchFunction {
    return async (url, init) => {
      const method = String(url).split('/').at(-1)?.split('?')[0] ?? '';
      const wait = this.delay(method, typeof init?.body === 'string' ? channelOf(init.body) : null);
      if (wait > 0) await this.time.wait(wait);
      return base(url, init);
    };
  }

  private window(map: Map<string, number[]>, key: string): number[] {
    let w = map.get(key);
    if (w === undefined) map.set(key, (w = []));
    return w;
  }
}

/** The conversation a form- or JSON-encoded Web API call addresses, if any. */
function channelOf(body: string): string | null {
  if (body.startsWith('{')) {
    try {
      const c = (JSON.parse(body) as { channel?: unknown }).channel;
      return typeof c === 'string' ? c : null;
    } catch {
      return null;
    }
  }
  return new URLSearchParams(body).get('channel');
}
