import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, beforeAll, describe, expect, vi } from 'vitest';
import { SettableClock } from '../src/clock.js';
import type { RunningPaceline } from '../src/main.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './support/databases.js';
import {
  GITHUB_WEBHOOK_SECRET,
  githubApi,
  githubSignature,
  hookRepository,
  mergePullRequest,
  startGithubOrg,
  type GithubOrg,
} from './support/githubEmulator.js';
import { LINEAR_TOKEN, LINEAR_WEBHOOK_SECRET, LinearDriver, startLinearWorkspace, type LinearWorkspace } from './support/linearEmulator.js';
import { BOT_TOKEN, exampleConfig, SIGNING_SECRET, startTestApp } from './support/paceline.js';
import { postEvent, postSlashCommand } from './support/signedHttp.js';
import {
  channelIds,
  history,
  slackApi,
  startSlackWorkspace,
  userIds,
  type SlackMessage,
  type SlackWorkspace,
} from './support/slackEmulator.js';
import { inspectPng } from './support/png.js';
import { cleanEnv, runCli } from './support/cli.js';
import { story } from './support/story.js';
import { replyInThread } from './support/threadReply.js';

// The first week of the playbook sprint, driven the way people work: issues in Linear (the
// emulator has no estimates, so points come from /sprint points), pull requests in GitHub, a
// nightly smoke run; Paceline hears it all through its webhooks.
const config = exampleConfig();
config.tracker = {
  linear: { teams: { GOV: 'governance', RUN: 'runtime', EXP: 'experience' }, crossStreamLabel: 'cross-stream' },
  github: {
    repositories: { 'paceline/gov-api': 'governance', 'paceline/runtime-svc': 'runtime', 'paceline/exp-web': 'experience' },
    public: ['paceline/gov-api', 'paceline/exp-web'],
    smokeWorkflow: 'Nightly staging smoke',
  },
};
const SPRINT_1 = { startsAt: '2025-10-04T07:00:00.000Z', endsAt: '2025-10-18T07:00:00.000Z' };
const clock = new SettableClock('2025-10-06T16:30:00Z'); // Mon 09:30 PDT, day 3

let slack: SlackWorkspace;
let linear: LinearWorkspace;
let github: GithubOrg;
let drive: LinearDriver;
let testDb: TestDatabase;
let app: RunningPaceline;
let baseUrl: string;
let ch: Map<string, string>;
let u: Map<string, string>;

async function sprint(handle: string, text: string): Promise<string> {
  const res = await postSlashCommand(baseUrl, { command: '/sprint', text, user_id: u.get(handle) as string }, { secret: SIGNING_SECRET });
  return ((await res.json()) as { text: string }).text;
}
const appEnv = () => ({ LINEAR_WEBHOOK_SECRET, LINEAR_API_KEY: LINEAR_TOKEN, LINEAR_API_URL: linear.apiUrl, GITHUB_WEBHOOK_SECRET });
const texts = async (channel: string) => (await history(slack.apiUrl, ch.get(channel) as string)).map((m) => m.text);
const STREAM_CHANNELS = ['governance-core', 'runtime-training', 'experience-ecosystem'];

// Who answers Wednesday's stand-up (Slack handles, by stream channel), and the one handoff named.
const ANSWERS: Record<string, string[]> = {
  'governance-core': ['omar', 'lena'],
  'runtime-training': ['kai', 'noor', 'theo', 'ines'],
  'experience-ecosystem': ['mira', 'felix', 'yuki', 'rosa', 'ben'],
};
const HANDOFF = 'need the eval cluster token from Runtime & Training';

// The week's work as this test drives it: points, and the local days each item joined the sprint
// and completed. The digest is checked against numbers computed from this, not from the app.
const WORK = [
  { id: 'GOV-1', stream: 'governance', points: 5, added: '2025-10-06', done: '2025-10-09' },
  { id: 'RUN-1', stream: 'runtime', points: 3, added: '2025-10-06', done: '2025-10-10' },
  { id: 'EXP-1', stream: 'experience', points: 8, added: '2025-10-06', done: null },
  { id: 'EXP-2', stream: 'experience', points: 3, added: '2025-10-06', done: '2025-10-08' },
  { id: 'GOV-2', stream: 'governance', points: 2, added: '2025-10-09', done: null },
];

describe.each(DATABASE_KINDS)('a simulated week of the playbook sprint on the %s database', (kind) => {
  const { step } = story();

  beforeAll(async () => {
    clock.set('2025-10-06T16:30:00Z');
    slack = await startSlackWorkspace(config, SIGNING_SECRET);
    linear = await startLinearWorkspace(config, SPRINT_1);
    github = await startGithubOrg('paceline', ['gov-api', 'runtime-svc', 'exp-web']);
    testDb = await createTestDatabase(kind, 'week');
    ({ app, baseUrl } = await startTestApp({
      config,
      apiUrl: slack.apiUrl,
      clock,
      database: testDb,
      env: appEnv(),
    }));
    ch = await channelIds(slack.apiUrl);
    u = await userIds(slack.apiUrl);
    drive = new LinearDriver(linear.apiUrl);
    await drive.load();
    await drive.subscribe(baseUrl);
    for (const repo of Object.keys(config.tracker.github?.repositories ?? {})) await hookRepository(github.url, repo, baseUrl);
  });

  afterAll(async () => {
    await app?.stop();
    await github?.close();
    await linear?.close();
    await slack?.close();
    await testDb?.drop();
  });

  step('Monday: the planned work is created in Linear and estimated; the cross-stream item opens one blocker', async () => {
    expect(await drive.createIssue('GOV', 'Policy engine: evaluate bundles')).toBe('GOV-1');
    expect(await drive.createIssue('RUN', 'Token exchange for the eval cluster', { labels: ['cross-stream'] })).toBe('RUN-1');
    expect(await drive.createIssue('EXP', 'Marketplace listing page')).toBe('EXP-1');
    expect(await drive.createIssue('EXP', 'Listing search')).toBe('EXP-2');
    expect(await sprint('omar', 'points GOV-1 5')).toBe('GOV-1 is now 5 points.');
    expect(await sprint('kai', 'points RUN-1 3')).toBe('RUN-1 is now 3 points.');
    expect(await sprint('mira', 'points EXP-1 8')).toBe('EXP-1 is now 8 points.');
    expect(await sprint('mira', 'points EXP-2 3')).toBe('EXP-2 is now 3 points.');
    const blockers = (await app.deps.repos.blockers.list({ includeResolved: true })).filter((b) => b.trackerId !== null);
    expect(blockers.map((b) => [b.streamKey, b.crossStream, b.state])).toEqual([['runtime', true, 'open']]);
  });

  step('Tuesday to Thursday: work starts, two tasks merge, GOV-1 completes, the nightly smoke fails', async () => {
    clock.set('2025-10-07T17:00:00Z');
    for (const id of ['GOV-1', 'RUN-1', 'EXP-1']) await drive.updateIssue(id, { stateId: drive.state(id.slice(0, 3), 'In Progress') });
    await mergePullRequest(github.url, 'paceline/gov-api', { branch: 'gov-1-policy-engine', title: 'Policy engine: evaluate bundles' });
    await mergePullRequest(github.url, 'paceline/exp-web', { branch: 'exp-1-listing', title: 'Marketplace listing page' });
    await vi.waitFor(async () => expect(await texts('changelog')).toHaveLength(2), { timeout: 5000 });

    // Wednesday 09:00: the stand-up; some answer in the threads, one names a handoff to Runtime.
    clock.set('2025-10-08T16:00:00Z');
    await app.runner.tick();
    for (const [channel, handles] of Object.entries(ANSWERS)) {
      const prompt = (await history(slack.apiUrl, ch.get(channel) as string)).find((m) => /stand-up, Day 5 of 14/.test(m.text));
      for (const handle of handles) {
        const text = handle === 'omar' ? `Today: policy engine\nHandoffs: ${HANDOFF}` : 'Today: on it';
        const reply = {
          apiUrl: slack.apiUrl,
          appUrl: baseUrl,
          handle,
          userId: u.get(handle) as string,
          channel: ch.get(channel) as string,
        };
        expect((await replyInThread({ ...reply, threadTs: prompt?.ts as string, text })).status).toBe(200);
      }
    }
    await app.idle();

    clock.set('2025-10-08T17:00:00Z');
    await drive.updateIssue('EXP-2', { stateId: drive.state('EXP', 'Done') });

    clock.set('2025-10-09T17:00:00Z');
    await drive.updateIssue('GOV-1', { stateId: drive.state('GOV', 'Done') });
    // Scope joins Governance mid-sprint.
    expect(await drive.createIssue('GOV', 'Audit log export')).toBe('GOV-2');
    expect(await sprint('ada', 'points GOV-2 2')).toBe('GOV-2 is now 2 points.');
    // The emulator cannot run workflows; this is the workflow_run webhook GitHub sends, signed.
    const repository = await githubApi(github.url, 'GET', '/repos/paceline/runtime-svc');
    const body = JSON.stringify({
      action: 'completed',
      repository,
      workflow_run: { id: 7001, name: 'Nightly staging smoke', run_number: 12, conclusion: 'failure', html_url: `${github.url}/runs/7001` },
    });
    const smoke = await fetch(`${baseUrl}/webhooks/github`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'workflow_run',
        'x-github-delivery': 'nightly-7001',
        'x-hub-signature-256': githubSignature(body),
      },
      body,
    });
    expect(smoke.status).toBe(200);
    for (const c of STREAM_CHANNELS) expect((await texts(c)).filter((t) => t.startsWith(':x: Staging smoke failed'))).toHaveLength(1);
    expect((await texts('tiger-crew')).filter((t) => t.startsWith(':rotating_light:'))).toHaveLength(1);
  });

  step('Friday: the cross-stream item completes and its blocker resolves; items, events, changelog, page and feeds agree', async () => {
    clock.set('2025-10-10T20:00:00Z');
    await drive.updateIssue('RUN-1', { stateId: drive.state('RUN', 'Done') });
    await app.idle();
    const blockers = (await app.deps.repos.blockers.list({ includeResolved: true })).filter((b) => b.trackerId !== null);
    expect(blockers.map((b) => [b.state, b.resolution])).toEqual([['resolved', 'RUN-1 was completed.']]);

    const items = await app.deps.repos.workItems.all();
    expect(items.map((i) => [i.identifier, i.streamKey, i.sprintNumber, i.points, i.state, i.mergedAt !== null])).toEqual([
      ['GOV-1', 'governance', 1, 5, 'completed', true],
      ['RUN-1', 'runtime', 1, 3, 'completed', false],
      ['EXP-1', 'experience', 1, 8, 'started', true],
      ['EXP-2', 'experience', 1, 3, 'completed', false],
      ['GOV-2', 'governance', 1, 2, 'unstarted', false],
    ]);
    const events = (await app.deps.repos.workItems.events()).map((e) => [e.identifier, e.kind, e.from, e.to, e.source, e.at.toISOString()]);
    const mon = '2025-10-06T16:30:00.000Z';
    const tue = '2025-10-07T17:00:00.000Z';
    expect(events.filter((e) => e[0] === 'RUN-1')).toEqual([
      ['RUN-1', 'added', null, '1', 'webhook', mon],
      ['RUN-1', 'state', null, 'unstarted', 'webhook', mon],
      ['RUN-1', 'stream', null, 'runtime', 'webhook', mon],
      ['RUN-1', 'points', null, '3', 'command', mon],
      ['RUN-1', 'state', 'unstarted', 'started', 'webhook', tue],
      ['RUN-1', 'state', 'started', 'completed', 'webhook', '2025-10-10T20:00:00.000Z'],
    ]);
    expect(events.filter((e) => e[0] === 'GOV-1' && e[1] === 'state').map((e) => [e[3], e[5]])).toEqual([
      ['unstarted', mon],
      ['started', tue],
      ['completed', '2025-10-09T17:00:00.000Z'],
    ]);

    const changelog = await texts('changelog');
    expect(changelog).toHaveLength(2);
    expect(changelog[0]).toMatch(/^:rocket: Merged in \*Governance Core\*: <[^|]+\|Policy engine: evaluate bundles> \(GOV-1\) by admin$/);
    expect(changelog[1]).toMatch(
      /^:rocket: Merged in \*Experience &amp; Ecosystem\*: <[^|]+\|Marketplace listing page> \(EXP-1\) by admin$/,
    );
    const page = await (await fetch(`${baseUrl}/changelog`)).text();
    expect(page).toContain('<h3>Governance Core</h3>');
    expect(page).toContain('<h3>Experience &amp; Ecosystem</h3>');
    const atom = parseFeed(await (await fetch(`${baseUrl}/changelog/atom.xml`)).text());
    expect(atom.items.map((i) => i.title).sort()).toEqual(['Marketplace listing page', 'Policy engine: evaluate bundles']);
    const json = (await (await fetch(`${baseUrl}/changelog/feed.json`)).json()) as { items: { title: string }[] };
    expect(json.items).toHaveLength(2);
  });

  step(
    'Monday of week 2, 08:00: one digest in the exec channel, with one chart, whose numbers match the week as the test computes it',
    async () => {
      clock.set('2025-10-13T15:00:00Z'); // Mon 08:00 PDT
      await app.runner.tick();
      await app.idle();
      const digests = (await history(slack.apiUrl, ch.get('exec-updates') as string)).filter((m) => m.text.startsWith('Executive digest'));
      expect(digests).toHaveLength(1);
      const digest = digests[0] as SlackMessage & { blocks: { type: string; text?: { text: string }; slack_file?: { id: string } }[] };
      const sections = digest.blocks.filter((b) => b.type === 'section').map((b) => b.text?.text ?? '');
      const line = (name: string) => sections.find((t) => t.includes(`*${name}*`)) ?? '';

      // Done and remaining by stream, from the week's own ledger.
      for (const s of config.streams) {
        const mine = WORK.filter((w) => w.stream === s.key);
        const done = mine.filter((w) => w.done !== null).reduce((t, w) => t + w.points, 0);
        const scope = mine.reduce((t, w) => t + w.points, 0);
        expect(line(s.name.replace('&', '&amp;'))).toContain(`${done} done, ${scope - done} to go`);
      }
      expect(sections[0]).toContain('*All streams:* 11 points done, 10 to go');
      expect(line('Runtime &amp; Training')).toContain('done · 3 done, 0 to go · all done');

      // Confidence: the exact probability of every path of daily draws from the stream's own week
      // (points completed each working day, zeros included), against the Monte Carlo figure shown.
      const DAYS_AHEAD = workingDaysFrom('2025-10-13', 60);
      for (const [name, key, status] of [
        ['Governance Core', 'governance', 'at risk'],
        ['Experience &amp; Ecosystem', 'experience', 'off track'],
      ] as const) {
        const history = ['2025-10-06', '2025-10-07', '2025-10-08', '2025-10-09', '2025-10-10'].map((d) =>
          WORK.filter((w) => w.stream === key && w.done === d).reduce((t, w) => t + w.points, 0),
        );
        const remaining = WORK.filter((w) => w.stream === key && w.done === null).reduce((t, w) => t + w.points, 0);
        const cdf = exactFinishCdf(history, remaining, DAYS_AHEAD.length);
        const byDeadline = cdf[DAYS_AHEAD.indexOf('2025-10-17')] as number;
        const m = new RegExp(`— ${status} · .* · (\\d+) % by the sprint's end · P50 \\w+ (\\S+) · P85 \\w+ (\\S+)`).exec(line(name));
        expect(m, line(name)).not.toBeNull();
        const [, pct, p50, p85] = m as unknown as [string, string, string, string];
        const se = Math.sqrt((byDeadline * (1 - byDeadline)) / 10_000);
        expect(Math.abs(Number(pct) / 100 - byDeadline)).toBeLessThanOrEqual(0.005 + 3 * se);
        // A quantile date: the exact chance of finishing by it reaches the level (within 3 standard
        // errors), and by the working day before it does not.
        for (const [date, q] of [
          [p50, 0.5],
          [p85, 0.85],
        ] as const) {
          const i = DAYS_AHEAD.indexOf(date);
          expect(i, date).toBeGreaterThanOrEqual(0);
          const tol = 3 * Math.sqrt((q * (1 - q)) / 10_000);
          expect(cdf[i] as number).toBeGreaterThanOrEqual(q - tol);
          if (i > 0) expect(cdf[i - 1] as number).toBeLessThan(q + tol);
        }
      }

      // Risks: the failed smoke in Runtime's repository, then Governance's scope growth (5 → 7).
      const risks = sections.find((t) => t.startsWith('*Top risks*')) ?? '';
      expect(risks.split('\n').slice(1)).toEqual([
        `1. Runtime &amp; Training: the latest staging smoke run failed — <@${u.get('kai')}>`,
        `2. Governance Core: scope grew 40 % since the sprint was planned — <@${u.get('ada')}>`,
        `3. Runtime &amp; Training: 1 handoff asked of it in last week’s stand-ups by Governance Core; latest (2025-10-08): “${HANDOFF.replace('&', '&amp;')}” — <@${u.get('kai')}>`,
        // Two of five answered on the one stand-up day; Runtime's four of five is not under 80 %.
        `4. Governance Core: stand-up participation 40 % last week — <@${u.get('ada')}>`,
      ]);
      const answered = Object.values(ANSWERS).flat().length;
      expect(sections.find((t) => t.startsWith('*Blockers last week:*'))).toContain(
        `*Stand-up participation:* ${Math.round((answered / 15) * 100)} % (${answered} of 15 answers)`,
      );
      // Last week's one blocker (RUN-1's): filed Monday 09:30, escalated by Wednesday's sweep (cross-stream, open past 4 h), resolved Friday 13:00 without an acknowledgement.
      expect(sections.find((t) => t.startsWith('*Blockers last week:*'))).toContain(
        '1 opened, 1 resolved, 1 escalated · median time to acknowledge 4 d 3 h, to resolve 4 d 3 h',
      );
      const shipped = sections.find((t) => t.startsWith('*Shipped last week*')) ?? '';
      expect(shipped).toContain('Policy engine: evaluate bundles> (Governance Core)');
      expect(shipped).toContain('Marketplace listing page> (Experience &amp; Ecosystem)');

      // One chart, uploaded once and shown by the message; decoded, it is a drawn image.
      const image = digest.blocks.find((b) => b.type === 'image');
      const files = await slackApi<{ files: { id: string; url_private: string }[] }>(
        slack.apiUrl,
        'files.list',
        { types: 'images' },
        BOT_TOKEN,
      );
      expect(files.files).toHaveLength(1);
      expect(image?.slack_file?.id).toBe(files.files[0]?.id);
      const png = new Uint8Array(
        await (await fetch(files.files[0]?.url_private as string, { headers: { authorization: `Bearer ${BOT_TOKEN}` } })).arrayBuffer(),
      );
      const seen = inspectPng(png);
      expect(seen.width).toBeGreaterThan(700);
      expect(seen.height).toBeGreaterThan(seen.width);
      expect(seen.inked).toBeGreaterThan(0.02);
      writeFileSync(path.join(tmpdir(), `paceline-digest-${kind}.png`), png);
    },
  );

  step('the burndown behind the chart matches the week day by day', async () => {
    const composed = await app.deps.services.digest.compose('2025-10-13', new Date('2025-10-13T15:00:00Z'));
    const all = composed?.chart.burndowns.find((b) => b.streamKey === null);
    for (const date of ['2025-10-06', '2025-10-07', '2025-10-08', '2025-10-09', '2025-10-10', '2025-10-11', '2025-10-13']) {
      const scope = WORK.filter((w) => w.added <= date).reduce((t, w) => t + w.points, 0);
      const done = WORK.filter((w) => w.done !== null && w.done <= date).reduce((t, w) => t + w.points, 0);
      const added = WORK.filter((w) => w.added > '2025-10-06' && w.added <= date).reduce((t, w) => t + w.points, 0);
      expect(all?.days.find((d) => d.date === date)?.actual, date).toEqual({ scope, done, remaining: scope - done, added, removed: 0 });
    }
  });

  step('/sprint digest shows only the asker the digest as of now, without a chart: at 08:00 the same lines as the one posted', async () => {
    type Reply = { response_type: string; text: string; blocks: { type: string; text?: { text: string } }[] };
    const res = await postSlashCommand(
      baseUrl,
      { command: '/sprint', text: 'digest', user_id: u.get('lena') as string },
      { secret: SIGNING_SECRET },
    );
    const reply = (await res.json()) as Reply;
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.blocks[0]?.text?.text).toMatch(/^Executive digest .*\(preview, as of now\) — /);
    const posted = (await history(slack.apiUrl, ch.get('exec-updates') as string)).filter((m) => m.text.startsWith('Executive digest'));
    expect(posted).toHaveLength(1);
    const postedBlocks = (posted[0] as unknown as Reply).blocks;
    const sections = (blocks: Reply['blocks']) => blocks.filter((b) => b.type === 'section').map((b) => b.text?.text);
    expect(sections(reply.blocks)).toEqual(sections(postedBlocks));
    expect(sections(reply.blocks).length).toBeGreaterThan(3);
    expect(reply.blocks.some((b) => b.type === 'image')).toBe(false);
    expect(postedBlocks.some((b) => b.type === 'image')).toBe(true);
  });

  step('App Home shows the viewer their stream as the digest sees it now, with its chart uploaded once a day', async () => {
    const open = async (handle: string, ts: string) => {
      await postEvent(
        baseUrl,
        { type: 'app_home_opened', user: u.get(handle), channel: 'D0001', tab: 'home', event_ts: ts },
        { secret: SIGNING_SECRET },
      );
      await app.idle();
    };
    await open('omar', '1.1');
    await open('lena', '1.2');
    const html = await (await fetch(`${slack.emulator.url}/?tab=views`)).text();
    const home = (handle: string) =>
      new RegExp(`<tr><td>V\\w+</td><td><span[^>]*>app home</span></td><td>${handle}</td><td>[^<]*</td><td>([^<]*)</td>`).exec(html)?.[1] ??
      '';
    for (const handle of ['omar', 'lena']) {
      expect(home(handle)).toContain('Your stream today');
      expect(home(handle)).toMatch(/Governance Core\*? — at risk · 5 done, 2 to go · \d+ % by the sprint/);
    }
    // Two people of one stream: one small chart for the stream today.
    const files = (await slackApi<{ files: { name: string }[] }>(slack.apiUrl, 'files.list', {}, BOT_TOKEN)).files;
    expect(files.filter((f) => f.name.startsWith('home-chart-')).map((f) => f.name)).toEqual(['home-chart-2025-10-13-governance.png']);
  });

  step(
    'a second replica (or a rerun) at the same minute posts nothing more; the preview on the command line is the same message',
    async () => {
      const other =
        kind === 'postgres'
          ? (await startTestApp({ config, apiUrl: slack.apiUrl, clock, database: testDb, replicaId: 'replica-b', env: appEnv() })).app
          : app;
      await Promise.all([app.runner.tick(), other.runner.tick(), app.deps.services.digest.post('2025-10-13', { lateByMs: 0 })]);
      const posted = (await history(slack.apiUrl, ch.get('exec-updates') as string)).filter((m) => m.text.startsWith('Executive digest'));
      expect(posted).toHaveLength(1);
      const charts = (await slackApi<{ files: { name: string }[] }>(slack.apiUrl, 'files.list', {}, BOT_TOKEN)).files;
      expect(charts.filter((f) => f.name.startsWith('digest-chart-'))).toHaveLength(1);
      if (other !== app) await other.stop();

      await app.stop();
      const dir = mkdtempSync(path.join(tmpdir(), 'paceline-digest-'));
      try {
        const file = path.join(dir, 'paceline.yml');
        const example = readFileSync(fileURLToPath(new URL('../paceline.example.yml', import.meta.url)), 'utf8');
        writeFileSync(file, `${example}\ntracker:\n  github: ${JSON.stringify(config.tracker.github)}\n`);
        const env = cleanEnv(testDb.url === undefined ? { PACELINE_DATA_DIR: testDb.dataDir } : { DATABASE_URL: testDb.url });
        const out = await runCli(['digest', '--preview', '--date', '2025-10-13', '--out', 'charts', '--config', file], { cwd: dir, env });
        expect(out.stderr).toContain('the chart is in');
        expect(out.code).toBe(0);
        const preview = JSON.parse(out.stdout) as { text: string; blocks: unknown[] };
        const message = posted[0] as SlackMessage & { blocks: unknown[] };
        expect(preview.text).toBe(message.text);
        expect(preview.blocks).toEqual(message.blocks);
        expect(inspectPng(readFileSync(path.join(dir, 'charts', 'digest-2025-10-13.png'))).inked).toBeGreaterThan(0.02);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

/** Working days (Mon–Fri; the example has no holidays in October) from a date, in order. */
function workingDaysFrom(date: string, count: number): string[] {
  const out: string[] = [];
  for (let d = new Date(`${date}T12:00:00Z`); out.length < count; d = new Date(d.getTime() + 86_400_000))
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) out.push(d.toISOString().slice(0, 10));
  return out;
}

/**
 * P(all `remaining` points done by the end of day k), for k = 1 … days, when each day's points
 * are drawn uniformly from `history`: exact, by carrying the distribution of points done so far
 * (capped at `remaining`) from day to day over every path.
 */
function exactFinishCdf(history: readonly number[], remaining: number, days: number): number[] {
  let dist = new Map<number, number>([[0, 1]]);
  const cdf: number[] = [];
  for (let k = 0; k < days; k++) {
    const next = new Map<number, number>();
    for (const [sum, p] of dist)
      for (const h of history) {
        const s = Math.min(remaining, sum + h);
        next.set(s, (next.get(s) ?? 0) + p / history.length);
      }
    dist = next;
    cdf.push(dist.get(remaining) ?? 0);
  }
  return cdf;
}
