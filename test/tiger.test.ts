import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettableClock } from '../src/clock.js';
import type { RunningPaceline } from '../src/main.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './support/databases.js';
import { exampleConfig, SIGNING_SECRET, startTestApp } from './support/paceline.js';
import { postSlashCommand } from './support/signedHttp.js';
import { story } from './support/story.js';
import { channelIds, history, startSlackWorkspace, userIds, type SlackWorkspace } from './support/slackEmulator.js';

const config = exampleConfig();
const clock = new SettableClock('2025-10-08T15:00:00Z'); // Wed 08:00 PDT
let slack: SlackWorkspace;
let testDb: TestDatabase;
let app: RunningPaceline;
let baseUrl: string;
let u: Map<string, string>;
const m = (handle: string) => `<@${u.get(handle)}|${handle}>`;

async function tiger(handle: string, text: string): Promise<string> {
  const res = await postSlashCommand(baseUrl, { command: '/tiger', text, user_id: u.get(handle) as string }, { secret: SIGNING_SECRET });
  expect(res.status).toBe(200);
  return ((await res.json()) as { text: string }).text;
}

// Every flow runs on PostgreSQL and on the embedded PGlite that newcomers get by default.
describe.each(DATABASE_KINDS)('Tiger Crew on the %s database', (kind) => {
  // Each test is a step of one story; run alone, it replays the steps before it.
  const { step } = story();

  beforeAll(async () => {
    clock.set('2025-10-08T15:00:00Z');
    slack = await startSlackWorkspace(config, SIGNING_SECRET);
    testDb = await createTestDatabase(kind, 'tiger');
    ({ app, baseUrl } = await startTestApp({ config, apiUrl: slack.apiUrl, clock, database: testDb }));
    u = await userIds(slack.apiUrl);
  });

  afterAll(async () => {
    await app?.stop();
    await slack?.close();
    await testDb?.drop();
  });

  describe('/tiger', () => {
    step('shows today’s crew and the next working days', async () => {
      expect(await tiger('omar', '')).toBe(
        [
          '*Tiger Crew*',
          '• Wed 2025-10-08 (today): Felix, Yuki',
          '• Thu 2025-10-09: Omar, Lena',
          '• Fri 2025-10-10: Noor, Theo',
          '• Mon 2025-10-13: Felix, Yuki',
          '• Tue 2025-10-14: Omar, Lena',
          'Change it: `/tiger swap @from @to <date>`, `/tiger cover @who <date>`, `/tiger ooo <from> <to>`',
        ].join('\n'),
      );
    });

    step('swaps a shift; the next days follow from it', async () => {
      expect(await tiger('omar', `swap ${m('omar')} ${m('noor')} 2025-10-09`)).toBe(
        "Noor takes Omar's Tiger Crew shift on Thu 2025-10-09.",
      );
      expect(await app.deps.services.tigerCrew.crewFor('2025-10-09')).toEqual(['lena', 'noor']);
      // The announcement that day names the new crew.
      clock.set('2025-10-09T15:55:00Z');
      await app.runner.tick();
      const tigerChannel = (await channelIds(slack.apiUrl)).get('tiger-crew') as string;
      expect((await history(slack.apiUrl, tigerChannel)).at(-1)?.text).toBe(
        `:tiger: Tiger Crew for Thu 2025-10-09: <@${u.get('lena')}> and <@${u.get('noor')}>. You swarm today's blockers.`,
      );
    });

    step('updates today’s announcement in place after a swap', async () => {
      const tigerChannel = (await channelIds(slack.apiUrl)).get('tiger-crew') as string;
      const before = await history(slack.apiUrl, tigerChannel);
      expect(await tiger('lena', `swap ${m('lena')} ${m('felix')} today`)).toBe("Felix takes Lena's Tiger Crew shift on Thu 2025-10-09.");
      // The acknowledgement says the change is stored; the announcement is updated after it.
      await app.idle();
      const after = await history(slack.apiUrl, tigerChannel);
      expect(after).toHaveLength(before.length);
      expect(after.at(-1)?.text).toBe(
        `:tiger: Tiger Crew for Thu 2025-10-09: <@${u.get('noor')}> and <@${u.get('felix')}>. You swarm today's blockers.`,
      );
    });

    step(
      'a change stored but never shown (the process died after the acknowledgement) reaches the announcement at the next tick',
      async () => {
        clock.set('2025-10-09T16:30:00Z'); // Thu 09:30 PDT, after the 08:55 announcement
        const tigerChannel = (await channelIds(slack.apiUrl)).get('tiger-crew') as string;
        const before = await history(slack.apiUrl, tigerChannel);
        const crew = await app.deps.services.tigerCrew.crewFor('2025-10-09');
        const out = crew[0] as string;
        const replacement = out === 'theo' ? 'omar' : 'theo';
        // Exactly what /tiger swap stores, without the announcement update that follows it.
        await app.deps.repos.rotations.change({
          date: '2025-10-09',
          remove: out,
          add: replacement,
          source: 'swap',
          note: 'test',
          at: clock.now(),
        });
        await app.runner.tick();
        const after = await history(slack.apiUrl, tigerChannel);
        expect(after).toHaveLength(before.length);
        const ids = await userIds(slack.apiUrl);
        const handle = (key: string) => (config.people.find((p) => p.key === key)?.slack ?? '').slice(1);
        expect(after.at(-1)?.text).toContain(`<@${ids.get(handle(replacement))}>`);
        expect(after.at(-1)?.text).not.toContain(`<@${ids.get(handle(out))}>`);
        // Put it back as it was for the tests after this one.
        await app.deps.repos.rotations.change({
          date: '2025-10-09',
          remove: replacement,
          add: out,
          source: 'swap',
          note: 'test',
          at: clock.now(),
        });
        await app.runner.tick();
      },
    );

    step('an announcement that already says the stored crew is left alone by the ticks after it', async () => {
      // The every-tick check compares what the announcement should say with what it says; the
      // stored copy comes back from the database with its keys in another order (jsonb), which
      // once made every quiet minute a chat.update (and a user-group sync) all day.
      const before = await app.deps.repos.postedMessages.get('tiger-crew:2025-10-09');
      for (const at of ['2025-10-09T16:31:00Z', '2025-10-09T16:32:00Z', '2025-10-09T17:00:00Z']) {
        clock.set(at);
        await app.runner.tick();
      }
      await app.idle();
      const after = await app.deps.repos.postedMessages.get('tiger-crew:2025-10-09');
      expect(after?.updatedAt).toEqual(before?.updatedAt);
      expect(after?.payload).toEqual(before?.payload);
    });

    step('covers: someone outside the pool takes an extra shift', async () => {
      expect(await tiger('ines', `cover ${m('ines')} 2025-10-13`)).toBe('Ines (QA) joins the Tiger Crew on Mon 2025-10-13.');
      expect(await app.deps.services.tigerCrew.crewFor('2025-10-13')).toContain('rt-qa');
      expect(await tiger('ines', `cover ${m('ines')} 2025-10-13`)).toBe('Ines (QA) is already on the Tiger Crew on Mon 2025-10-13.');
      expect(await tiger('ines', `cover ${m('theo')} 2025-10-14`)).toBe(
        'You can cover a shift yourself (`/tiger cover @me <date>`); an admin can sign up someone else.',
      );
    });

    step('OOO: no new shifts in the range, and says which announced days still need a swap', async () => {
      expect(await tiger('yuki', 'ooo 2025-10-13 2025-10-17')).toBe(
        'Noted: out Mon 2025-10-13 → Fri 2025-10-17. No new Tiger Crew shifts for you then; stand-up reminders skip you. You are still on the announced crew on Mon 2025-10-13: swap those with `/tiger swap @you @someone <date>`.',
      );
      const week = await app.deps.services.tigerCrew.upcoming('2025-10-14', 4);
      for (const day of week) expect(day.crew, day.date).not.toContain('yuki');
    });

    it.each([
      ['swap <@U000000001> <@U000000002> 2025-10-20', "<@U000000001> is not in Paceline's config."],
      ['swap @omar @noor 2025-10-20', '"@omar" is not a Slack mention (pick the person from the @ autocomplete).'],
      ['swap OWNER_FROM OWNER_TO 2025-10-07', 'Tue 2025-10-07 is in the past.'],
      ['swap OWNER_FROM OWNER_TO 2025-10-18', 'Sat 2025-10-18 is not a working day, so there is no Tiger Crew.'],
      ['swap OWNER_FROM OWNER_TO 2025-13-01', '"2025-13-01" is not a date (expected YYYY-MM-DD, today or tomorrow).'],
      // Unbounded dates once froze the app (a day loop past year 9999): refused before any work.
      [
        'cover OWNER_FROM 9999-12-31',
        '9999-12-31 is more than a year from today (2025-10-08); give a date between 2024-10-07 and 2026-10-09.',
      ],
      [
        'swap OWNER_FROM OWNER_TO 2026-10-12',
        '2026-10-12 is more than a year from today (2025-10-08); give a date between 2024-10-07 and 2026-10-09.',
      ],
      [
        'ooo 2025-10-20 9999-12-31',
        '9999-12-31 is more than a year from today (2025-10-08); give a date between 2024-10-07 and 2026-10-09.',
      ],
      ['swap OWNER_FROM', 'Usage: `/tiger swap @from @to <date>`, e.g. `/tiger swap @omar @noor 2025-10-09`.'],
      ['ooo 2025-10-20 2025-10-19', 'The range ends (2025-10-19) before it starts (2025-10-20).'],
      ['rota', "I don't know `/tiger rota`."],
    ])('"/tiger %s" → %s', async (text, expected) => {
      clock.set('2025-10-08T15:00:00Z'); // each case on its own, whatever ran before
      const reply = await tiger('mira', text.replace('OWNER_FROM', m('mira')).replace('OWNER_TO', m('ben')));
      expect(reply.split('\n')[0]).toBe(expected);
    });

    step('refuses to swap a shift its owner does not have', async () => {
      expect(await tiger('mira', `swap ${m('mira')} ${m('ben')} 2025-10-21`)).toMatch(
        /^Mira is not on the Tiger Crew on Tue 2025-10-21 \(\w+, \w+\)\.$/,
      );
    });

    step('refuses a date outside any sprint', async () => {
      // With consecutive sprints every later date is in one; before the first start none is.
      expect(await tiger('omar', `cover ${m('omar')} 2025-10-03`)).toBe('Fri 2025-10-03 is in the past.');
      clock.set('2025-10-01T15:00:00Z');
      expect(await tiger('omar', `cover ${m('omar')} 2025-10-03`)).toBe('Fri 2025-10-03 is outside any sprint (sprints start 2025-10-04).');
    });
  });
});
