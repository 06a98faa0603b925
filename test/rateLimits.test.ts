import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextStart, PER_MINUTE } from '../src/domain/rateLimits.js';
import { SlackRateLimiter } from '../src/slack/rateLimiter.js';
import { BOT_TOKEN, exampleConfig, SIGNING_SECRET } from './support/paceline.js';
import { channelIds, history, startSlackWorkspace, type SlackWorkspace } from './support/slackEmulator.js';

describe('pacing to a limit', () => {
  it('lets calls out at once up to the limit, then each as an earlier one leaves the window, first come first served', () => {
    const w: number[] = [];
    expect([0, 0, 0, 10, 70_000].map((now) => nextStart(w, now, 2, 60_000))).toEqual([0, 0, 60_000, 60_000, 120_000]);
  });

  it('forgets starts older than the window', () => {
    const w: number[] = [];
    nextStart(w, 0, 1, 1000);
    expect(nextStart(w, 5000, 1, 1000)).toBe(5000);
    expect(w).toEqual([5000]);
  });
});

describe('the paced Web API client, against the Slack emulator', () => {
  let slack: SlackWorkspace;
  let ch: Map<string, string>;
  beforeAll(async () => {
    slack = await startSlackWorkspace(exampleConfig(), SIGNING_SECRET);
    ch = await channelIds(slack.apiUrl);
  });
  afterAll(async () => {
    await slack?.close();
  });

  it('posts one message a second per conversation and paces each method to its tier; the waits move an injected clock, not the wall clock', async () => {
    let now = 1_000_000;
    const waits: number[] = [];
    const limiter = new SlackRateLimiter({
      now: () => now,
      wait: (ms) => {
        waits.push(ms);
        now += ms;
        return Promise.resolve();
      },
    });
    const client = new WebClient(BOT_TOKEN, { slackApiUrl: slack.apiUrl, fetch: limiter.fetch() });
    const gov = ch.get('governance-core') as string;
    const run = ch.get('runtime-training') as string;
    for (const [channel, text] of [
      [gov, 'one'],
      [gov, 'two'],
      [run, 'elsewhere'],
      [gov, 'three'],
    ] as const)
      await client.chat.postMessage({ channel, text });
    // The second and third in Governance wait a second after the one before; Runtime's goes at once.
    expect(waits).toEqual([1000, 1000]);
    expect((await history(slack.apiUrl, gov)).map((m) => m.text).sort()).toEqual(['one', 'three', 'two']);
    // A tier-2 method (20 a minute): the 21st call of the minute waits for the first to leave it.
    waits.length = 0;
    for (let i = 0; i < (PER_MINUTE['conversations.list'] as number) + 1; i++) await client.conversations.list({ limit: 1 });
    // All 21 arrive at the same instant (the injected clock does not move between them).
    expect(waits).toEqual([60_000]);
  });
});
