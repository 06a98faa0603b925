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
import { exampleConfig, SIGNING_SECRET, startTestApp } from './support/paceline.js';
import { postSlashCommand } from './support/signedHttp.js';
import { channelIds, history, startSlackWorkspace, userIds, type SlackWorkspace } from './support/slackEmulator.js';
import { story } from './support/story.js';

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
const texts = async (channel: string) => (await history(slack.apiUrl, ch.get(channel) as string)).map((m) => m.text);
const STREAM_CHANNELS = ['governance-core', 'runtime-training', 'experience-ecosystem'];

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
      env: { LINEAR_WEBHOOK_SECRET, LINEAR_API_KEY: LINEAR_TOKEN, LINEAR_API_URL: linear.apiUrl, GITHUB_WEBHOOK_SECRET },
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
    expect(await sprint('omar', 'points GOV-1 5')).toBe('GOV-1 is now 5 points.');
    expect(await sprint('kai', 'points RUN-1 3')).toBe('RUN-1 is now 3 points.');
    expect(await sprint('mira', 'points EXP-1 8')).toBe('EXP-1 is now 8 points.');
    const blockers = (await app.deps.repos.blockers.list({ includeResolved: true })).filter((b) => b.trackerId !== null);
    expect(blockers.map((b) => [b.streamKey, b.crossStream, b.state])).toEqual([['runtime', true, 'open']]);
  });

  step('Tuesday to Thursday: work starts, two tasks merge, GOV-1 completes, the nightly smoke fails', async () => {
    clock.set('2025-10-07T17:00:00Z');
    for (const id of ['GOV-1', 'RUN-1', 'EXP-1']) await drive.updateIssue(id, { stateId: drive.state(id.slice(0, 3), 'In Progress') });
    await mergePullRequest(github.url, 'paceline/gov-api', { branch: 'gov-1-policy-engine', title: 'Policy engine: evaluate bundles' });
    await mergePullRequest(github.url, 'paceline/exp-web', { branch: 'exp-1-listing', title: 'Marketplace listing page' });
    await vi.waitFor(async () => expect(await texts('changelog')).toHaveLength(2), { timeout: 5000 });

    clock.set('2025-10-09T17:00:00Z');
    await drive.updateIssue('GOV-1', { stateId: drive.state('GOV', 'Done') });
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
});
