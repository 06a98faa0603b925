import { parse as parseCsv } from 'csv-parse/sync';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { SettableClock } from '../src/clock.js';
import type { Config } from '../src/config/schema.js';
import type { RunningPaceline } from '../src/main.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './support/databases.js';
import { cleanEnv, runCli } from './support/cli.js';
import { exampleConfig, SIGNING_SECRET, BOT_TOKEN, startTestApp } from './support/paceline.js';
import { startFaultProxy, type FaultProxy } from './support/faultProxy.js';
import { postEvent, postInteraction, postSlashCommand } from './support/signedHttp.js';
import { story } from './support/story.js';
import {
  channelIds,
  history,
  slackApi,
  startSlackWorkspace,
  userIds,
  userToken,
  GUEST,
  ephemerals,
  type SlackMessage,
  type SlackWorkspace,
} from './support/slackEmulator.js';

// Wednesday 2025-10-08, day 5 of the playbook sprint. Noor (Runtime) is out that day.
const config: Config = exampleConfig();
const example = fileURLToPath(new URL('../paceline.example.yml', import.meta.url));
config.people.find((p) => p.key === 'noor')?.ooo.push({ from: '2025-10-08', to: '2025-10-08' });
const clock = new SettableClock('2025-10-08T15:50:00Z');

let slack: SlackWorkspace;
let proxy: FaultProxy;
let testDb: TestDatabase;
let app: RunningPaceline;
let baseUrl: string;
let channels: Map<string, string>;
let users: Map<string, string>;
const prompts = new Map<string, SlackMessage>();

async function start(replicaId: string) {
  ({ app, baseUrl } = await startTestApp({
    config,
    // Through a proxy that passes every call, so a step can count the Web API calls made.
    apiUrl: proxy.apiUrl,
    clock,
    database: testDb,
    replicaId,
  }));
}

async function at(instant: string) {
  clock.set(instant);
  return app.runner.tick();
}

/** A person writes in a prompt's thread; Slack delivers the message event to the app. */
async function reply(handle: string, channel: string, threadTs: string, text: string, eventId?: string) {
  const posted = await slackApi<{ ok: boolean; ts: string; error?: string }>(
    slack.apiUrl,
    'chat.postMessage',
    { channel, thread_ts: threadTs, text },
    userToken(handle),
  );
  expect(posted.ok, posted.error).toBe(true);
  const event = {
    type: 'message',
    channel,
    channel_type: 'channel',
    user: users.get(handle),
    text,
    ts: posted.ts,
    thread_ts: threadTs,
    event_ts: posted.ts,
  };
  const res = await postEvent(baseUrl, event, { secret: SIGNING_SECRET, ...(eventId ? { eventId } : {}) });
  expect(res.status).toBe(200);
  await settle();
  return { ts: posted.ts, event };
}

/** A person edits their thread reply; Slack delivers the message_changed event. */
async function editReply(
  handle: string,
  channel: string,
  threadTs: string,
  before: { ts: string; text: string },
  text: string,
  eventTs: string,
) {
  const user = users.get(handle);
  await postEvent(
    baseUrl,
    {
      type: 'message',
      subtype: 'message_changed',
      hidden: true,
      channel,
      message: { type: 'message', user, text, ts: before.ts, thread_ts: threadTs, edited: { user, ts: eventTs } },
      previous_message: { type: 'message', user, text: before.text, ts: before.ts, thread_ts: threadTs },
      event_ts: eventTs,
      ts: eventTs,
    },
    { secret: SIGNING_SECRET },
  );
}

/** Events are handled after the ack: wait until the app has processed what it received. */
async function settle() {
  await app.idle();
}

async function answerOf(stream: string, member: string) {
  const runs = await app.deps.repos.standups.runsOn('2025-10-08');
  const run = runs.find((r) => r.streamKey === stream);
  return run ? app.deps.repos.standups.answer(run.id, member) : null;
}

/** Reads state once the app has finished processing what it was sent. */
async function afterProcessing<T>(read: () => Promise<T>): Promise<T> {
  await settle();
  return read();
}

// Every flow runs on PostgreSQL and on the embedded PGlite that newcomers get by default.
describe.each(DATABASE_KINDS)('stand-ups on the %s database', (kind) => {
  // Each test is a step of one story; run alone, it replays the steps before it.
  const { step } = story();

  beforeAll(async () => {
    clock.set('2025-10-08T15:50:00Z');
    prompts.clear();
    slack = await startSlackWorkspace(config, SIGNING_SECRET);
    proxy = await startFaultProxy(slack.apiUrl);
    testDb = await createTestDatabase(kind, 'standup');
    await start('standup-1');
    channels = await channelIds(slack.apiUrl);
    users = await userIds(slack.apiUrl);
  });

  afterAll(async () => {
    await app?.stop();
    await proxy?.close();
    await slack?.close();
    await testDb?.drop();
  });

  describe('a working day of stand-ups (Wed 2025-10-08)', () => {
    step('09:00 PDT: one prompt in each stream channel, with the day and the Tiger Crew', async () => {
      await at('2025-10-08T15:55:00Z');
      const report = await at('2025-10-08T16:00:00Z');
      expect(report.ran).toEqual(['standup-open@2025-10-08T16:00:00.000Z']);
      for (const [stream, channel] of [
        ['governance', 'governance-core'],
        ['runtime', 'runtime-training'],
        ['experience', 'experience-ecosystem'],
      ] as const) {
        const posts = await history(slack.apiUrl, channels.get(channel) as string);
        expect(posts).toHaveLength(1);
        expect(posts[0]?.text).toMatch(/stand-up, Day 5 of 14 · Wed 2025-10-08\. Reply in this thread\.$/);
        prompts.set(stream, posts[0] as SlackMessage);
      }
      const blocks = JSON.stringify((prompts.get('governance') as unknown as { blocks: unknown[] }).blocks);
      expect(blocks).toContain('Tiger Crew today: Felix, Yuki');
      expect(blocks).toContain('"action_id":"standup_answer"');
    });

    step('a thread reply becomes the answer; its blocker is tracked; the author gets a reaction', async () => {
      const gov = channels.get('governance-core') as string;
      const text =
        '*Yesterday*\n• policy diff\n*Today*\n• wire it into the gateway\nBlocked on SSO metadata from Identity Ops\nHandoffs: policy bundle v2 ready for runtime';
      const { ts } = await reply('ada', gov, prompts.get('governance')?.ts as string, text);
      const answer = await afterProcessing(() => answerOf('governance', 'ada'));
      expect(answer?.content).toEqual({
        yesterday: ['policy diff'],
        today: ['wire it into the gateway'],
        blockers: ['Blocked on SSO metadata from Identity Ops'],
        handoffs: [{ text: 'policy bundle v2 ready for runtime', toStream: 'runtime' }],
        notes: [],
      });
      const reactions = await slackApi<{ message: { reactions?: { name: string; users: string[] }[] } }>(slack.apiUrl, 'reactions.get', {
        channel: gov,
        timestamp: ts,
      });
      expect(reactions.message.reactions?.map((r) => r.name)).toEqual(['white_check_mark']);
      // The blocker enters the /blocker flow: its own message in the stream channel, paging the
      // Tiger Crew. The answer itself gets no channel message, only the reaction.
      const posts = await history(slack.apiUrl, gov);
      expect(posts).toHaveLength(2);
      expect(posts[1]?.text).toBe('B-1 (open) Governance Core: Blocked on SSO metadata from Identity Ops');
    });

    step('editing the reply updates the answer and keeps the earlier version; a second reply adds to it', async () => {
      const gov = channels.get('governance-core') as string;
      const thread = prompts.get('governance')?.ts as string;
      const first = await reply('lena', gov, thread, 'Y: audit log\nT: retention policy\nB: none');
      const edited = 'Y: audit log schema\nT: retention policy\nB: none';
      await slackApi(slack.apiUrl, 'chat.update', { channel: gov, ts: first.ts, text: edited }, userToken('lena'));
      await editReply('lena', gov, thread, { ts: first.ts, text: first.event.text }, edited, '2');
      let answer = await afterProcessing(() => answerOf('governance', 'lena'));
      expect(answer?.content.yesterday).toEqual(['audit log schema']);
      expect(answer?.edits.map((e) => e.content.yesterday)).toEqual([['audit log']]);

      await reply('lena', gov, thread, 'Handoffs: retention doc for Experience & Ecosystem');
      answer = await afterProcessing(() => answerOf('governance', 'lena'));
      expect(answer?.content).toMatchObject({
        yesterday: ['audit log schema'],
        handoffs: [{ text: 'retention doc for Experience & Ecosystem', toStream: 'experience' }],
      });
    });

    step('the same event delivered twice (a Slack retry) changes nothing the second time', async () => {
      const run = prompts.get('runtime')?.ts as string;
      const rt = channels.get('runtime-training') as string;
      const { ts, event } = await reply('theo', rt, run, 'Today: eval harness', 'EvDUPLICATE1');
      const again = await postEvent(baseUrl, event, {
        secret: SIGNING_SECRET,
        eventId: 'EvDUPLICATE1',
        headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
      });
      expect(again.status).toBe(200);
      await settle();
      const answer = await afterProcessing(() => answerOf('runtime', 'theo'));
      expect(answer?.parts).toHaveLength(1);
      expect(answer?.edits).toHaveLength(0);
      const reactions = await slackApi<{ message: { reactions?: { count: number }[] } }>(slack.apiUrl, 'reactions.get', {
        channel: rt,
        timestamp: ts,
      });
      expect(reactions.message.reactions?.[0]?.count).toBe(1);
    });

    step('the Answer button opens the modal; an empty one is refused, a filled one is saved', async () => {
      const runs = await app.deps.repos.standups.runsOn('2025-10-08');
      const govRun = runs.find((r) => r.streamKey === 'governance')?.id as number;
      const omar = users.get('omar') as string;
      const trigger = await slackApi<{ trigger_id: string }>(slack.apiUrl, 'views.generateTriggerId', { user_id: omar }, BOT_TOKEN);
      const click = await postInteraction(
        baseUrl,
        {
          type: 'block_actions',
          user: { id: omar, username: 'omar', team_id: 'T000000001' },
          team: { id: 'T000000001', domain: 'paceline-test' },
          api_app_id: 'A000000001',
          token: 'legacy',
          trigger_id: trigger.trigger_id,
          container: { type: 'message', message_ts: prompts.get('governance')?.ts, channel_id: channels.get('governance-core') },
          channel: { id: channels.get('governance-core'), name: 'governance-core' },
          message: prompts.get('governance'),
          response_url: `${baseUrl}/unused`,
          actions: [{ type: 'button', action_id: 'standup_answer', block_id: 'b1', value: String(govRun), action_ts: '1' }],
        },
        { secret: SIGNING_SECRET },
      );
      expect(click.status).toBe(200);
      const views = await afterProcessing(async () => (await fetch(`${slack.emulator.url}/?tab=views`)).text());
      const modals = views.slice(views.indexOf('Modals'));
      expect(modals).toMatch(/modal<\/span><\/td><td>omar<\/td><td>A000000001<\/td><td>Governance Core · Wed 2025-10-08<\/td>/);

      const submit = (values: Record<string, string>) =>
        postInteraction(
          baseUrl,
          {
            type: 'view_submission',
            user: { id: omar, username: 'omar', team_id: 'T000000001' },
            team: { id: 'T000000001', domain: 'paceline-test' },
            api_app_id: 'A000000001',
            token: 'legacy',
            trigger_id: '1.1',
            view: {
              id: 'V0MODAL',
              type: 'modal',
              callback_id: 'standup_modal',
              private_metadata: JSON.stringify({ runId: govRun }),
              state: {
                values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: { type: 'plain_text_input', value: v } }])),
              },
            },
          },
          { secret: SIGNING_SECRET },
        );
      const empty = await submit({ yesterday: '', today: '  ', blockers: 'none', handoffs: '' });
      expect(empty.status).toBe(200);
      expect(await empty.json()).toEqual({
        response_action: 'errors',
        errors: { yesterday: 'Answer at least one question (write "none" where there is nothing to say).' },
      });
      expect(await answerOf('governance', 'omar')).toBeNull();

      const tooLong = await submit({ yesterday: 'x'.repeat(3001), today: 'y', blockers: '', handoffs: '' });
      expect(await tooLong.json()).toEqual({
        response_action: 'errors',
        errors: { yesterday: 'Keep it under 3000 characters (this has 3001).' },
      });

      const ok = await submit({
        yesterday: 'gateway rate limits',
        today: 'token exchange\npairing with Ada',
        blockers: 'need staging creds',
        handoffs: '',
      });
      expect(ok.status).toBe(200);
      const answer = await afterProcessing(() => answerOf('governance', 'omar'));
      expect(answer?.content).toEqual({
        yesterday: ['gateway rate limits'],
        today: ['token exchange', 'pairing with Ada'],
        blockers: ['need staging creds'],
        handoffs: [],
        notes: [],
      });
      expect(answer?.source).toBe('modal');
      // Opening the modal again shows the answer so far.
      const again = await app.deps.services.standups.runForMember(omar, { runId: govRun });
      const view = again.ok ? await app.deps.services.standups.modalFor(again.value) : undefined;
      expect(JSON.stringify(view)).toContain('"initial_value":"token exchange\\npairing with Ada"');
    });

    step('09:10: one reminder DM to each member who has not answered, none to people out', async () => {
      const report = await at('2025-10-08T16:10:00Z');
      expect(report.ran).toEqual(['standup-remind@2025-10-08T16:10:00.000Z']);
      const silent = ['priya', 'sam', 'kai', 'ines', 'jon', 'mira', 'felix', 'yuki', 'rosa', 'ben'];
      for (const handle of [...silent, 'ada', 'omar', 'lena', 'theo', 'noor']) {
        const dm = await slackApi<{ channel: { id: string } }>(slack.apiUrl, 'conversations.open', { users: users.get(handle) }, BOT_TOKEN);
        const msgs = await history(slack.apiUrl, dm.channel.id);
        expect(msgs.length, handle).toBe(silent.includes(handle) ? 1 : 0);
        if (silent.includes(handle)) expect(msgs[0]?.text).toMatch(/^Reminder: today's stand-up for .* is waiting for your answer\./);
      }
      // Running it again (a second replica, a retry) reminds nobody twice.
      expect(await app.deps.services.standups.remind('2025-10-08')).toBe('0 reminders');
    });

    step('a restart between prompt and summary loses nothing; 09:15 posts the cross-stream summary', async () => {
      // Yuki's reply reached Slack but its event never reached the app (as if it crashed right
      // after acknowledging it): the summary reads the threads back and counts it.
      const lost = await slackApi<{ ts: string }>(
        slack.apiUrl,
        'chat.postMessage',
        {
          channel: channels.get('experience-ecosystem'),
          thread_ts: prompts.get('experience')?.ts,
          text: 'Yesterday: analytics events\nToday: dashboards',
        },
        userToken('yuki'),
      );
      await reply(
        'kai',
        channels.get('runtime-training') as string,
        prompts.get('runtime')?.ts as string,
        'Yesterday: SLM crew sync\nToday: observability pod pairing\nBlockers: none',
      );
      await app.stop();
      await start('standup-2');
      const before = proxy.calls.length;
      const report = await at('2025-10-08T16:15:00Z');
      expect(report.ran).toEqual(['standup-summary@2025-10-08T16:15:00.000Z']);
      // Each prompt thread read back once in the tick: the summary's read serves the catch-up too.
      expect(proxy.calls.slice(before).filter((c) => c.method === 'conversations.replies')).toHaveLength(3);
      const posts = await history(slack.apiUrl, channels.get('sprint-sync') as string);
      expect(posts).toHaveLength(1);
      expect(posts[0]?.text).toBe(
        'Stand-up summary Wed 2025-10-08: Governance Core 3/5, Runtime & Training 2/4, Experience & Ecosystem 1/5',
      );
      expect((await answerOf('experience', 'yuki'))?.content).toMatchObject({ yesterday: ['analytics events'], today: ['dashboards'] });
      const reactions = await slackApi<{ message: { reactions?: { name: string }[] } }>(slack.apiUrl, 'reactions.get', {
        channel: channels.get('experience-ecosystem'),
        timestamp: lost.ts,
      });
      expect(reactions.message.reactions?.map((r) => r.name)).toEqual(['white_check_mark']);
      expect((await app.deps.repos.jobRuns.get('standup-summary', '2025-10-08T16:15:00.000Z'))?.note).toMatch(
        /; 1 replies recovered from the threads$/,
      );
      const blocks = JSON.stringify((posts[0] as unknown as { blocks: unknown[] }).blocks);
      expect(blocks).toContain('answered 3/5 · blockers: 2 new, 2 open, 0 escalated');
      expect(blocks).toContain('policy bundle v2 ready for runtime');
      expect(blocks).toContain('→ Runtime &amp; Training');
      expect(blocks).toContain('Out today: Noor');
    });

    step('a late answer updates the summary in place', async () => {
      clock.set('2025-10-08T17:30:00Z');
      await reply(
        'mira',
        channels.get('experience-ecosystem') as string,
        prompts.get('experience')?.ts as string,
        'Today: marketplace listing page',
      );
      const posts = await afterProcessing(() => history(slack.apiUrl, channels.get('sprint-sync') as string));
      expect(posts).toHaveLength(1);
      expect(posts[0]?.text).toBe(
        'Stand-up summary Wed 2025-10-08: Governance Core 3/5, Runtime & Training 2/4, Experience & Ecosystem 2/5',
      );
    });

    step('takes a 10,000-character answer whole and keeps the summary within Slack’s limits', async () => {
      clock.set('2025-10-08T18:00:00Z');
      const long = `Today: ${'refactor the marketplace listing service '.repeat(300).slice(0, 9_999)}x`;
      await reply('felix', channels.get('experience-ecosystem') as string, prompts.get('experience')?.ts as string, long);
      const answer = await afterProcessing(() => answerOf('experience', 'felix'));
      expect(answer?.content.today[0]).toHaveLength(10_000);
      const summary = (await history(slack.apiUrl, channels.get('sprint-sync') as string))[0] as unknown as {
        text: string;
        blocks: { text?: { text: string } }[];
      };
      expect(summary.text).toContain('Experience & Ecosystem 3/5');
      for (const block of summary.blocks) expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
    });

    step('ignores replies in threads that are not prompts, and does not count people outside the stream or after closing', async () => {
      const gov = channels.get('governance-core') as string;
      const other = await slackApi<{ ts: string }>(slack.apiUrl, 'chat.postMessage', { channel: gov, text: 'lunch?' }, userToken('omar'));
      await reply('ada', gov, other.ts, 'Today: this is not a stand-up thread');
      await reply('kai', gov, prompts.get('governance')?.ts as string, 'Today: wrong stream');
      expect((await ephemerals(slack.emulator.url, gov)).find((e) => e.user === 'kai')?.text).toBe(
        "This reply isn't counted: you are not a member of Governance Core. Answer in your own stream's thread, or use /standup.",
      );
      // Someone in the workspace but not in the config: not counted, told why.
      await reply(GUEST, gov, prompts.get('governance')?.ts as string, 'Today: not configured');
      const told = (await ephemerals(slack.emulator.url, gov)).find((e) => e.user === GUEST);
      expect(told?.text).toBe(
        "This reply isn't counted: you are not in any stream of Paceline's config. Ask an admin to add you to paceline.yml.",
      );
      clock.set('2025-10-09T01:30:00Z'); // 18:30 PDT: closed
      await reply('priya', gov, prompts.get('governance')?.ts as string, 'Today: too late');
      expect((await ephemerals(slack.emulator.url, gov)).find((e) => e.user === 'priya')?.text).toBe(
        "This stand-up closed at 18:00; your reply was not added to it. Tomorrow's prompt comes at the usual time.",
      );
      expect(await answerOf('governance', 'kai')).toBeNull();
      expect(await answerOf('governance', 'priya')).toBeNull();
      expect((await answerOf('governance', 'ada'))?.parts).toHaveLength(1);
    });

    step('exports the day as CSV, one row per answer', async () => {
      const cli = () =>
        runCli(['export', 'standups', '--from', '2025-10-08', '--to', '2025-10-08'], {
          cwd: testDb.dataDir,
          env: cleanEnv({ DATABASE_URL: testDb.url, PACELINE_DATA_DIR: testDb.dataDir }),
        });
      if (kind === 'embedded') {
        // The embedded database serves one process: while the app runs, the CLI says what to do.
        const busy = await cli();
        expect(busy.code, busy.stdout + busy.stderr).toBe(1);
        expect(busy.stderr).toMatch(
          /is in use by process \d+ \(a running Paceline\?\)\. It serves one process at a time: stop that process/,
        );
        await app.stop();
      }
      const r = await cli();
      if (kind === 'embedded') await start('standup-2');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const rows = parseCsv(r.stdout, { columns: true }) as Record<string, string>[];
      expect(rows.map((row) => [row.stream, row.member, row.source, row.edits])).toEqual([
        ['experience', 'felix', 'thread', '0'],
        ['experience', 'mira', 'thread', '0'],
        ['experience', 'yuki', 'thread', '0'],
        ['governance', 'ada', 'thread', '0'],
        ['governance', 'lena', 'thread', '2'],
        ['governance', 'omar', 'modal', '0'],
        ['runtime', 'kai', 'thread', '0'],
        ['runtime', 'theo', 'thread', '0'],
      ]);
      const ada = rows.find((row) => row.member === 'ada');
      expect(ada).toMatchObject({
        date: '2025-10-08',
        slack_user_id: users.get('ada'),
        yesterday: 'policy diff',
        today: 'wire it into the gateway',
        blockers: 'Blocked on SSO metadata from Identity Ops',
        handoffs: 'policy bundle v2 ready for runtime → runtime',
        answered_at: '2025-10-08T16:00:00.000Z',
      });
      const bad = await runCli(['export', 'standups', '--from', '2025-10-08', '--to', '2025-10-32'], {
        cwd: testDb.dataDir,
        env: cleanEnv({ DATABASE_URL: testDb.url }),
      });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toBe('paceline: export --to: is not a calendar date\n');
      const unknown = await runCli(['export', 'standups', '--config', example, '--stream', 'gov'], {
        cwd: testDb.dataDir,
        env: cleanEnv({ DATABASE_URL: testDb.url }),
      });
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toBe('paceline: export --stream: no stream "gov" (expected one of governance, runtime, experience)\n');
    });
  });

  describe('who counts as answered', () => {
    step('an answer edited to nothing stops counting, and someone out who answers anyway is not counted among those expected', async () => {
      clock.set('2025-10-09T00:45:00Z'); // 17:45 PDT on the 8th, before the stand-up closes
      const runtime = channels.get('runtime-training') as string;
      const thread = prompts.get('runtime')?.ts as string;
      const summary = async () => (await history(slack.apiUrl, channels.get('sprint-sync') as string))[0]?.text;
      expect(await summary()).toContain('Runtime & Training 2/4');
      // Ines (QA) answers late: 3 of the 4 expected.
      const ines = await reply('ines', runtime, thread, 'Today: regression suite for the trainer');
      expect(await summary()).toContain('Runtime & Training 3/4');
      // Noor is out today; an answer from her is kept, but she is not among those expected.
      await reply('noor', runtime, thread, 'Today: only reading mail');
      expect(await summary()).toContain('Runtime & Training 3/4');
      // Ines empties her reply: an empty answer is no answer.
      await editReply('ines', runtime, thread, { ts: ines.ts, text: ines.event.text }, '', '3');
      await settle();
      expect(await summary()).toContain('Runtime & Training 2/4');
    });
  });

  describe('/standup', () => {
    step('answers with help, a specific hint for unknown input, and says when there is no stand-up', async () => {
      const ask = async (text: string, user: string) =>
        (await (await postSlashCommand(baseUrl, { command: '/standup', text, user_id: user }, { secret: SIGNING_SECRET })).json()) as {
          text: string;
        };
      expect((await ask('help', users.get('ada') as string)).text).toMatch(/^\*\/standup\* — answer today’s stand-up/);
      expect((await ask('yesterday', users.get('ada') as string)).text).toBe(
        "I don't know `/standup yesterday`. Use `/standup` to answer or `/standup help`.",
      );
      expect((await ask('', users.get(GUEST) as string)).text).toMatch(/^You are not in any stream of Paceline's config/);
      clock.set('2025-10-11T17:00:00Z'); // Saturday
      expect((await ask('', users.get('ada') as string)).text).toBe(
        'There is no stand-up today (a weekend, a holiday or outside the sprint).',
      );
    });
  });
});
