import { afterAll, beforeAll, describe, expect } from 'vitest';
import { SettableClock } from '../src/clock.js';
import type { Config } from '../src/config/schema.js';
import { slotsBetween } from '../src/domain/schedule.js';
import type { RunningPaceline } from '../src/main.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './support/databases.js';
import { exampleConfig, SIGNING_SECRET, BOT_TOKEN, startTestApp } from './support/paceline.js';
import { postEvent, postInteraction } from './support/signedHttp.js';
import { story } from './support/story.js';
import {
  channelIds,
  history,
  slackApi,
  startSlackWorkspace,
  userIds,
  userToken,
  type SlackMessage,
  type SlackWorkspace,
} from './support/slackEmulator.js';

const config: Config = exampleConfig();
const clock = new SettableClock('2025-10-06T07:00:00Z'); // Mon 00:00 PDT, day 3
let slack: SlackWorkspace;
let testDb: TestDatabase;
let app: RunningPaceline;
let baseUrl: string;
let ch: Map<string, string>;
let u: Map<string, string>;

/** Ticks at every due slot up to `until`, as the minute ticks would. */
async function runUntil(until: string) {
  const end = new Date(until);
  for (const slot of slotsBetween(config, clock.now(), end)) {
    clock.set(slot.at);
    await app.runner.tick();
  }
  clock.set(end);
  await app.runner.tick();
}

const text = (m: SlackMessage | undefined) => `${m?.text ?? ''} ${JSON.stringify((m as unknown as { blocks?: unknown })?.blocks ?? [])}`;

async function say(handle: string, channel: string, threadTs: string, body: string, edit?: string) {
  const c = ch.get(channel) as string;
  let ts: string;
  if (edit === undefined) {
    ts = (
      await slackApi<{ ts: string }>(slack.apiUrl, 'chat.postMessage', { channel: c, thread_ts: threadTs, text: body }, userToken(handle))
    ).ts;
    await postEvent(
      baseUrl,
      { type: 'message', channel: c, user: u.get(handle), text: body, ts, thread_ts: threadTs },
      { secret: SIGNING_SECRET },
    );
  } else {
    ts = edit;
    await slackApi(slack.apiUrl, 'chat.update', { channel: c, ts, text: body }, userToken(handle));
    await postEvent(
      baseUrl,
      {
        type: 'message',
        subtype: 'message_changed',
        channel: c,
        message: { type: 'message', user: u.get(handle), text: body, ts, thread_ts: threadTs },
      },
      { secret: SIGNING_SECRET },
    );
  }
  await app.idle();
  return ts;
}

async function interact(payload: Record<string, unknown>) {
  const res = await postInteraction(
    baseUrl,
    { api_app_id: 'A000000001', token: 'legacy', team: { id: 'T000000001' }, ...payload },
    { secret: SIGNING_SECRET },
  );
  await app.idle();
  return res;
}

// Every flow runs on PostgreSQL and on the embedded PGlite that newcomers get by default.
describe.each(DATABASE_KINDS)('ceremonies on the %s database', (kind) => {
  // Each test is a step of one story; run alone, it replays the steps before it.
  const { step } = story();

  beforeAll(async () => {
    clock.set('2025-10-06T07:00:00Z');
    slack = await startSlackWorkspace(config, SIGNING_SECRET);
    testDb = await createTestDatabase(kind, 'ceremonies');
    ({ app, baseUrl } = await startTestApp({ config, apiUrl: slack.apiUrl, clock, database: testDb }));
    ch = await channelIds(slack.apiUrl);
    u = await userIds(slack.apiUrl);
  });

  afterAll(async () => {
    await app?.stop();
    await slack?.close();
    await testDb?.drop();
  });

  describe('the ceremonies of the playbook sprint, in the emulator at their instants', () => {
    step('Mon 2025-10-06 08:45 PDT: sprint 1 kickoff, nothing open yet', async () => {
      await runUntil('2025-10-06T15:44:00Z');
      expect(await history(slack.apiUrl, ch.get('sprint-sync') as string)).toEqual([]);
      await runUntil('2025-10-06T15:45:00Z');
      const sync = await history(slack.apiUrl, ch.get('sprint-sync') as string);
      expect(sync.map((m) => m.text)).toEqual(['Sprint 1 starts: Sat 2025-10-04 → Fri 2025-10-17, 0 open retro actions']);
      expect(text(sync[0])).toContain('demo day Fri 2025-10-10 · retro Fri 2025-10-17');
    });

    step('Mon 09:30 PDT: the week-1 chaos drill goes to Governance with Ada as owner; her report updates it in place', async () => {
      await runUntil('2025-10-06T16:29:00Z');
      expect((await history(slack.apiUrl, ch.get('governance-core') as string)).filter((m) => m.text.startsWith('Chaos drill'))).toEqual(
        [],
      );
      await runUntil('2025-10-06T16:30:00Z');
      const gov = await history(slack.apiUrl, ch.get('governance-core') as string);
      const drill = gov.find((m) => m.text.startsWith('Chaos drill'));
      expect(drill?.text).toBe(`Chaos drill week 1: Governance Core, owner <@${u.get('ada')}>`);

      const trigger = await slackApi<{ trigger_id: string }>(slack.apiUrl, 'views.generateTriggerId', { user_id: u.get('ada') }, BOT_TOKEN);
      await interact({
        type: 'block_actions',
        user: { id: u.get('ada'), username: 'ada' },
        trigger_id: trigger.trigger_id,
        channel: { id: ch.get('governance-core') },
        container: { type: 'message', channel_id: ch.get('governance-core'), message_ts: drill?.ts },
        response_url: `${baseUrl}/unused`,
        actions: [{ type: 'button', action_id: 'chaos_report', block_id: 'a', value: '1', action_ts: '1' }],
      });
      const views = await (await fetch(`${slack.emulator.url}/?tab=views`)).text();
      expect(views).toContain('Week 1 · Governance Core');

      const submit = (values: Record<string, unknown>) =>
        interact({
          type: 'view_submission',
          user: { id: u.get('ada'), username: 'ada' },
          view: {
            id: 'V1',
            type: 'modal',
            callback_id: 'chaos_report_modal',
            private_metadata: JSON.stringify({ week: 1 }),
            state: { values },
          },
        });
      const missing = await submit({ findings: { value: { type: 'plain_text_input', value: 'x' } } });
      expect(await missing.json()).toEqual({ response_action: 'errors', errors: { outcome: 'Choose passed, partial or failed.' } });
      const ok = await submit({
        outcome: { value: { type: 'radio_buttons', selected_option: { value: 'partial', text: { type: 'plain_text', text: 'partial' } } } },
        findings: { value: { type: 'plain_text_input', value: 'gateway failover took 9 minutes' } },
        followUps: { value: { type: 'plain_text_input', value: 'tune health-check interval' } },
      });
      expect(ok.status).toBe(200);
      expect(await app.deps.repos.ceremonies.drillOfWeek(1)).toMatchObject({
        outcome: 'partial',
        findings: 'gateway failover took 9 minutes',
        reportedBy: u.get('ada'),
      });
      const after = (await history(slack.apiUrl, ch.get('governance-core') as string)).find((m) => m.ts === drill?.ts);
      expect(after?.text).toBe(`Chaos drill week 1: Governance Core, owner <@${u.get('ada')}> — reported partial`);
    });

    step('Wed: stand-up answers say what was done; Thu 15:00 PDT demo prep and Fri 08:30 the agenda list it, with the slot', async () => {
      await runUntil('2025-10-08T16:00:00Z');
      const prompt = (await history(slack.apiUrl, ch.get('governance-core') as string)).find((m) =>
        m.text.includes('stand-up, Day 5 of 14'),
      );
      await say('ada', 'governance-core', prompt?.ts as string, 'Yesterday: policy diff engine\nToday: gateway wiring');
      await say('omar', 'governance-core', prompt?.ts as string, 'Y: audit log schema');
      await runUntil('2025-10-09T22:00:00Z');
      const prep = (await history(slack.apiUrl, ch.get('governance-core') as string)).find((m) => m.text.startsWith('Demo day is'));
      expect(prep?.text).toBe(
        'Demo day is Fri 2025-10-10 (Governance Core at 10:00): prepare a short demo of what Governance Core finished this sprint.',
      );
      expect(text(prep)).toContain('• policy diff engine\\n• audit log schema');
      await runUntil('2025-10-10T15:29:00Z');
      expect(
        (await history(slack.apiUrl, ch.get('governance-core') as string)).filter((m) => m.text.startsWith('Demo day agenda')),
      ).toEqual([]);
      await runUntil('2025-10-10T15:30:00Z');
      const agenda = (await history(slack.apiUrl, ch.get('governance-core') as string)).find((m) => m.text.startsWith('Demo day agenda'));
      expect(agenda?.text).toBe('Demo day agenda · Sprint 2 Governance Core · 10:00: 2 items');
      const runtime = (await history(slack.apiUrl, ch.get('runtime-training') as string)).find((m) => m.text.startsWith('Demo day agenda'));
      expect(text(runtime)).toContain('_Nothing reported yet._');
    });

    step('Fri 09:30: no reminder for the reported week-1 drill; week 2 (Runtime, Kai) unreported gets one on Fri 2025-10-17', async () => {
      await runUntil('2025-10-10T16:30:00Z');
      const dm = async (handle: string) => {
        const c = await slackApi<{ channel: { id: string } }>(slack.apiUrl, 'conversations.open', { users: u.get(handle) }, BOT_TOKEN);
        return (await history(slack.apiUrl, c.channel.id)).filter((m) => m.text.includes('chaos drill'));
      };
      expect(await dm('ada')).toHaveLength(0);
      await runUntil('2025-10-17T16:30:00Z');
      const kai = await dm('kai');
      expect(kai.map((m) => m.text.split('.')[0])).toEqual(['The week 2 chaos drill (Runtime & Training) has no report yet']);
    });

    step('Fri 2025-10-17 (day 14): retro thread at 10:00, replies and edits collected, summary at 17:00 with owners', async () => {
      await runUntil('2025-10-17T16:59:00Z');
      expect(
        (await history(slack.apiUrl, ch.get('sprint-sync') as string)).filter((m) => m.text.startsWith('Sprint 1 retrospective')),
      ).toEqual([]);
      await runUntil('2025-10-17T17:00:00Z');
      const retro = (await history(slack.apiUrl, ch.get('sprint-sync') as string)).find((m) => m.text.startsWith('Sprint 1 retrospective'));
      expect(retro?.text).toBe('Sprint 1 retrospective and planning (Sat 2025-10-04 → Fri 2025-10-17). Reply in this thread.');
      const thread = retro?.ts as string;
      await say(
        'ada',
        'sprint-sync',
        thread,
        `Went well: parallel streams\nDidn't: flaky staging resets\nActions: stabilise staging resets <@${u.get('kai')}>`,
      );
      const miraTs = await say('mira', 'sprint-sync', thread, 'Went well: demo day');
      await say('mira', 'sprint-sync', thread, 'Went well: demo day\nActions: publish the changelog page', miraTs);
      await runUntil('2025-10-18T00:00:00Z');
      const summary = (await history(slack.apiUrl, ch.get('sprint-sync') as string)).find((m) =>
        m.text.startsWith('Sprint 1 retro summary'),
      );
      expect(summary?.text).toBe('Sprint 1 retro summary: 2 answers, 2 action items');
      const blocks = text(summary);
      expect(blocks).toContain('*Went well* (2)\\n• parallel streams\\n• demo day');
      expect(blocks).toContain(`• stabilise staging resets — <@${u.get('kai')}>`);
      expect(blocks).toContain(`• publish the changelog page — <@${u.get('mira')}>`);
      // After the summary the retro is closed: a late reply is not added.
      await say('ben', 'sprint-sync', thread, 'Actions: late idea');
      expect((await app.deps.repos.ceremonies.openActions()).map((a) => a.text)).toEqual([
        'stabilise staging resets',
        'publish the changelog page',
      ]);
    });

    step('Mon 2025-10-20 08:45: the sprint 2 kickoff lists the open retro actions', async () => {
      await runUntil('2025-10-20T15:45:00Z');
      const kickoff = (await history(slack.apiUrl, ch.get('sprint-sync') as string)).find((m) => m.text.startsWith('Sprint 2 starts'));
      expect(kickoff?.text).toBe('Sprint 2 starts: Sat 2025-10-18 → Fri 2025-10-31, 2 open retro actions');
      expect(text(kickoff)).toContain(`• stabilise staging resets — <@${u.get('kai')}> _(sprint 1 retro)_`);
    });
  });
});
