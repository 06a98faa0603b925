import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettableClock } from '../src/clock.js';
import type { RunningPaceline } from '../src/main.js';
import { REMINDER_CONCURRENCY } from '../src/services/standups.js';
import { METADATA_TYPE } from '../src/slack/poster.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './support/databases.js';
import { startFaultProxy, type FaultProxy } from './support/faultProxy.js';
import { BOT_TOKEN, SIGNING_SECRET, startTestApp } from './support/paceline.js';
import { scaledConfig } from './support/scaledConfig.js';
import { slackApi, startSlackWorkspace, userIds, type SlackWorkspace } from './support/slackEmulator.js';

// The 09:10 reminders of an organisation bigger than one of Paceline's database chunks (130
// people: chunks of 50, 50 and 30), sent through the real app to the emulator: each person once,
// each post recorded with its ts, never more Slack calls at once than the bound.
const config = scaledConfig(13, 10);
const DATE = '2025-10-08'; // Wednesday, day 5 of sprint 1; 09:00 PDT is 16:00 UTC

interface Dm {
  ts: string;
  metadata?: { event_type: string; event_payload: { purpose: string } };
}

describe.each(DATABASE_KINDS)('reminders to 130 people, on the %s database', (kind) => {
  let slack: SlackWorkspace;
  let proxy: FaultProxy;
  let db: TestDatabase;
  let app: RunningPaceline;
  let users: Map<string, string>;
  const clock = new SettableClock(`${DATE}T15:59:00Z`);

  beforeAll(async () => {
    slack = await startSlackWorkspace(config, SIGNING_SECRET);
    proxy = await startFaultProxy(slack.apiUrl);
    users = await userIds(slack.apiUrl);
    db = await createTestDatabase(kind, 'reminder-fanout');
    ({ app } = await startTestApp({ config, apiUrl: proxy.apiUrl, clock, database: db }));
    for (const at of ['15:59', '16:00']) {
      clock.set(`${DATE}T${at}:00Z`);
      await app.runner.tick();
    }
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await db?.drop();
    await proxy?.close();
    await slack?.close();
  });

  it(
    'sends each person one reminder, records each, at most the bound of calls at once, and a rerun sends none',
    { timeout: 120_000 },
    async () => {
      proxy.resetPeak();
      const from = proxy.calls.length;
      clock.set(`${DATE}T16:10:00Z`);
      const report = await app.runner.tick();
      expect(report.ran).toEqual([`standup-remind@${DATE}T16:10:00.000Z`]);
      expect(report.failed).toEqual([]);
      const calls = proxy.calls.slice(from);
      // Each DM is posted to the person: no conversations.open (50 a minute) on the way.
      expect(calls.filter((c) => c.method === 'conversations.open')).toEqual([]);
      expect(calls.filter((c) => c.method === 'chat.postMessage' && c.body.includes('standup-remind:'))).toHaveLength(130);
      expect(proxy.peakInFlight()).toBeLessThanOrEqual(REMINDER_CONCURRENCY);

      for (const person of config.people) {
        const purpose = `standup-remind:${DATE}:${person.key}`;
        const dm = await slackApi<{ channel: { id: string } }>(
          slack.apiUrl,
          'conversations.open',
          { users: users.get(person.key) },
          BOT_TOKEN,
        );
        const messages = (
          await slackApi<{ messages: Dm[] }>(slack.apiUrl, 'conversations.history', {
            channel: dm.channel.id,
            limit: 100,
            include_all_metadata: true,
          })
        ).messages.filter((m) => m.metadata?.event_type === METADATA_TYPE && m.metadata.event_payload.purpose === purpose);
        expect(messages, person.key).toHaveLength(1);
        const stored = await app.deps.repos.postedMessages.get(purpose);
        expect(stored?.ts, `${person.key}'s reminder recorded`).toBe(messages[0]?.ts);
        expect(stored?.channelId).toBe(dm.channel.id);
        expect(stored?.leaseUntil).toBeNull();
      }

      // A second replica (or a retry) finds every reminder sent: none goes out twice.
      const again = proxy.calls.length;
      expect(await app.deps.services.standups.remind(DATE)).toBe('0 reminders');
      expect(proxy.calls.slice(again).filter((c) => c.method === 'chat.postMessage')).toEqual([]);
    },
  );
});
