import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { SettableClock, SystemClock } from '../src/clock.js';
import type { RunningPaceline } from '../src/main.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './support/databases.js';
import {
  LINEAR_TOKEN,
  LINEAR_WEBHOOK_SECRET,
  linearApi,
  linearSignature,
  LinearDriver,
  startLinearWorkspace,
  type LinearWorkspace,
} from './support/linearEmulator.js';
import { BOT_TOKEN, exampleConfig, SIGNING_SECRET, startTestApp } from './support/paceline.js';
import { channelIds, history, slackApi, startSlackWorkspace, userIds, type SlackWorkspace } from './support/slackEmulator.js';
import { story } from './support/story.js';
import { cleanEnv, runCli } from './support/cli.js';

// Linear's teams GOV, RUN and EXP hold the three streams' work; OPS is a team Paceline does not track.
const config = exampleConfig();
config.tracker = { linear: { teams: { GOV: 'governance', RUN: 'runtime', EXP: 'experience' }, crossStreamLabel: 'cross-stream' } };
for (const [key, email] of [
  ['ada', 'ada@paceline.test'],
  ['kai', 'kai@paceline.test'],
] as const) {
  const person = config.people.find((p) => p.key === key);
  if (person) person.linear = email;
}
// Sprint 1 runs from Sat 2025-10-04 (day 1) for 14 days; each team's cycle 1 covers it.
const SPRINT_1 = { startsAt: '2025-10-04T07:00:00.000Z', endsAt: '2025-10-18T07:00:00.000Z' };
const clock = new SettableClock('2025-10-08T17:00:00Z'); // Wed 10:00 PDT
// Linear's SDK checks the signed webhookTimestamp against the real clock, so deliveries the test
// signs itself are stamped with it (the app's sprint time is the settable clock above).
const wall = new SystemClock();
const wallMs = () => wall.now().getTime();

let slack: SlackWorkspace;
let linear: LinearWorkspace;
let testDb: TestDatabase;
let app: RunningPaceline;
let baseUrl: string;

async function start() {
  ({ app, baseUrl } = await startTestApp({
    config,
    apiUrl: slack.apiUrl,
    clock,
    database: testDb,
    env: { LINEAR_WEBHOOK_SECRET, LINEAR_API_KEY: LINEAR_TOKEN, LINEAR_API_URL: linear.apiUrl },
  }));
}

// Linear as its users drive it (support/linearEmulator.ts); the names below read as the story does.
let drive: LinearDriver;
const subscribe = () => drive.subscribe(baseUrl);
const createIssue = (...a: Parameters<LinearDriver['createIssue']>) => drive.createIssue(...a);
const updateIssue = (...a: Parameters<LinearDriver['updateIssue']>) => drive.updateIssue(...a);

/** A delivery the test sends itself, signed with the webhook secret as Linear signs. */
async function deliver(body: string, headers: Record<string, string> = {}) {
  return fetch(`${baseUrl}/webhooks/linear`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'linear-signature': linearSignature(body),
      'linear-delivery': crypto.randomUUID(),
      ...headers,
    },
    body,
  });
}

const issuePayload = (identifier: string, o: { timestamp?: number; type?: string } = {}) =>
  JSON.stringify({
    action: 'update',
    type: o.type ?? 'Issue',
    data: { id: drive.issues.get(identifier) ?? 'no-such-issue', identifier, title: 'x' },
    webhookTimestamp: o.timestamp ?? wallMs(),
  });

describe.each(DATABASE_KINDS)('work items from Linear on the %s database', (kind) => {
  const { step } = story();

  beforeAll(async () => {
    clock.set('2025-10-08T17:00:00Z');
    slack = await startSlackWorkspace(config, SIGNING_SECRET);
    linear = await startLinearWorkspace(config, SPRINT_1);
    testDb = await createTestDatabase(kind, 'linear');
    await start();
    drive = new LinearDriver(linear.apiUrl);
    await drive.load();
    await subscribe();
  });

  afterAll(async () => {
    await app?.stop();
    await linear?.close();
    await slack?.close();
    await testDb?.drop();
  });

  step('an issue created in a cycle becomes a work item of its stream and sprint, with its first events', async () => {
    const gov = await createIssue('GOV', 'Policy engine: evaluate bundles', { assignee: 'ada@paceline.test' });
    expect(gov).toBe('GOV-1');
    const item = await app.deps.repos.workItems.byIdentifier('GOV-1');
    expect(item).toMatchObject({
      title: 'Policy engine: evaluate bundles',
      streamKey: 'governance',
      sprintNumber: 1,
      state: 'unstarted',
      assignee: 'ada',
      removed: false,
    });
    expect(item?.url).toMatch(/\/issue\/GOV-1$/);
    const events = await app.deps.repos.workItems.events('GOV-1');
    expect(events.map((e) => [e.kind, e.from, e.to, e.source, e.at.toISOString()])).toEqual([
      ['added', null, '1', 'webhook', '2025-10-08T17:00:00.000Z'],
      ['state', null, 'unstarted', 'webhook', '2025-10-08T17:00:00.000Z'],
      ['stream', null, 'governance', 'webhook', '2025-10-08T17:00:00.000Z'],
    ]);
    // Outside any cycle: known, but in no sprint, so it adds no scope.
    await createIssue('RUN', 'Someday: distillation notes', { cycle: false, state: 'Backlog' });
    expect(await app.deps.repos.workItems.byIdentifier('RUN-1')).toMatchObject({
      streamKey: 'runtime',
      sprintNumber: null,
      state: 'backlog',
    });
    expect((await app.deps.repos.workItems.events('RUN-1')).map((e) => e.kind)).toEqual(['state', 'stream']);
  });

  step('moving through the workflow records each state change at the instant it was learned', async () => {
    clock.set('2025-10-09T16:30:00Z');
    await updateIssue('GOV-1', { stateId: drive.ids.states.get('GOV:In Progress') });
    clock.set('2025-10-10T22:00:00Z');
    await updateIssue('GOV-1', { stateId: drive.ids.states.get('GOV:Done') });
    const item = await app.deps.repos.workItems.byIdentifier('GOV-1');
    expect(item?.state).toBe('completed');
    expect(item?.completedAt).not.toBeNull();
    const states = (await app.deps.repos.workItems.events('GOV-1')).filter((e) => e.kind === 'state');
    expect(states.map((e) => [e.from, e.to, e.at.toISOString()])).toEqual([
      [null, 'unstarted', '2025-10-08T17:00:00.000Z'],
      ['unstarted', 'started', '2025-10-09T16:30:00.000Z'],
      ['started', 'completed', '2025-10-10T22:00:00.000Z'],
    ]);
    // A change that does not matter to a burndown (the title) updates the item, adds no event.
    const before = (await app.deps.repos.workItems.events()).length;
    await updateIssue('GOV-1', { title: 'Policy engine: evaluate signed bundles' });
    expect((await app.deps.repos.workItems.byIdentifier('GOV-1'))?.title).toBe('Policy engine: evaluate signed bundles');
    expect(await app.deps.repos.workItems.events()).toHaveLength(before);
  });

  step('a redelivered webhook changes nothing; a new delivery about an unchanged issue adds no event', async () => {
    const before = await app.deps.repos.workItems.events();
    const body = issuePayload('GOV-1');
    const headers = { 'linear-delivery': 'delivery-replayed-1' };
    const first = await deliver(body, headers);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ ok: true, item: 'GOV-1', changes: [] });
    const again = await deliver(body, headers);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ ok: true, duplicate: true });
    expect(await app.deps.repos.workItems.events()).toEqual(before);
  });

  step('the cross-stream label opens one blocker through the blockers flow; completing the issue resolves it in its thread', async () => {
    clock.set('2025-10-10T23:00:00Z'); // Fri 16:00 PDT
    const ch = await channelIds(slack.apiUrl);
    const users = await userIds(slack.apiUrl);
    const id = await createIssue('GOV', 'SSO metadata from Runtime', { assignee: 'ada@paceline.test', labels: ['cross-stream'] });
    const trackerId = drive.issues.get(id) as string;
    const filed = await app.deps.repos.blockers.byTrackerId(trackerId);
    expect(filed).toMatchObject({
      streamKey: 'governance',
      crossStream: true,
      state: 'open',
      escalationLevel: 0,
      ownerSlackId: users.get('ada'),
      reporterSlackId: '',
    });
    expect(filed?.text).toMatch(new RegExp(`^${id} SSO metadata from Runtime https?://\\S+/issue/${id}$`));
    // Shown like any blocker, in the stream channel with its buttons, and the Tiger Crew paged in its thread.
    const post = (await history(slack.apiUrl, ch.get('governance-core') as string)).find((p) => p.ts === filed?.messageTs);
    expect(post?.text).toBe(`B-${filed?.number} (open) Governance Core: ${filed?.text}`);
    expect(JSON.stringify((post as unknown as { blocks: unknown }).blocks)).toContain('Filed from the tracker (cross-stream label)');
    const thread = async () =>
      (
        await slackApi<{ messages: { text: string }[] }>(slack.apiUrl, 'conversations.replies', {
          channel: ch.get('governance-core'),
          ts: filed?.messageTs,
        })
      ).messages.map((m) => m.text);
    expect((await thread()).some((t) => t.includes(`new blocker B-${filed?.number} in Governance Core — please swarm.`))).toBe(true);

    // More changes to the issue, and a redelivery: still that one blocker.
    await updateIssue(id, { stateId: drive.ids.states.get('GOV:In Progress') });
    const replay = issuePayload(id);
    await deliver(replay, { 'linear-delivery': 'delivery-cross-1' });
    await deliver(replay, { 'linear-delivery': 'delivery-cross-1' });
    expect((await app.deps.repos.blockers.list({ includeResolved: true })).filter((b) => b.trackerId === trackerId)).toHaveLength(1);

    clock.set('2025-10-10T23:30:00Z');
    await updateIssue(id, { stateId: drive.ids.states.get('GOV:Done') });
    await app.idle();
    expect(await app.deps.repos.blockers.byTrackerId(trackerId)).toMatchObject({ state: 'resolved', resolution: `${id} was completed.` });
    expect(await thread()).toContain(`:white_check_mark: Resolved from the tracker: ${id} was completed.`);
    const shown = (await history(slack.apiUrl, ch.get('governance-core') as string)).find((p) => p.ts === filed?.messageTs);
    expect(shown?.text).toMatch(new RegExp(`^B-${filed?.number} \\(resolved\\) `));
  });

  step('bad requests get a 4xx with the reason and store nothing; events Paceline does not use are ignored', async () => {
    const before = { events: await app.deps.repos.workItems.events(), items: await app.deps.repos.workItems.all() };
    const body = issuePayload('GOV-1');
    const post = (b: string | Buffer, headers: Record<string, string>) =>
      fetch(`${baseUrl}/webhooks/linear`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: b });

    const forged = await post(body, { 'linear-signature': linearSignature(body, 'not-the-secret'), 'linear-delivery': 'd-forged' });
    expect([forged.status, await forged.json()]).toEqual([401, { error: 'invalid signature' }]);
    const unsigned = await post(body, { 'linear-delivery': 'd-unsigned' });
    expect([unsigned.status, await unsigned.json()]).toEqual([401, { error: 'missing Linear-Signature header' }]);
    const stale = await deliver(issuePayload('GOV-1', { timestamp: wallMs() - 2 * 60_000 }));
    expect(stale.status).toBe(401);
    expect(((await stale.json()) as { error: string }).error).toMatch(/^webhookTimestamp is missing or more than a minute from now/);
    const garbled = await deliver('{"action": "update", ');
    expect([garbled.status, await garbled.json()]).toEqual([400, { error: 'the body is not valid JSON' }]);
    const shapeless = await deliver(JSON.stringify({ type: 'Issue', webhookTimestamp: wallMs() }));
    expect(shapeless.status).toBe(400);
    expect(((await shapeless.json()) as { error: string }).error).toMatch(/^not a Linear webhook payload: action: /);
    const noDelivery = await post(body, { 'linear-signature': linearSignature(body) });
    expect([noDelivery.status, await noDelivery.json()]).toEqual([400, { error: 'missing Linear-Delivery header' }]);
    const huge = JSON.stringify({
      action: 'update',
      type: 'Issue',
      data: { id: 'x', identifier: 'GOV-1', title: 'y'.repeat(1024 * 1024) },
      webhookTimestamp: wallMs(),
    });
    const tooBig = await deliver(huge);
    expect([tooBig.status, await tooBig.json()]).toEqual([413, { error: 'the body is larger than 1048576 bytes' }]);

    const comment = await deliver(issuePayload('GOV-1', { type: 'Comment' }));
    expect([comment.status, await comment.json()]).toEqual([200, { ok: true, ignored: 'Paceline does not use Comment events' }]);
    // A team the config does not map to a stream: accepted (Linear must not retry it), not stored.
    await createIssue('OPS', 'Rotate the pager', { cycle: false });
    expect(await app.deps.repos.workItems.byIdentifier('OPS-1')).toBeNull();
    const ops = await deliver(
      JSON.stringify({
        action: 'create',
        type: 'Issue',
        data: { id: drive.issues.get('OPS-1'), identifier: 'OPS-1' },
        webhookTimestamp: wallMs(),
      }),
    );
    expect(ops.status).toBe(202);
    expect(await ops.json()).toEqual({ ok: true, unknown: 'OPS-1 belongs to no team in tracker.linear.teams (GOV, RUN, EXP)' });

    expect(await app.deps.repos.workItems.events()).toEqual(before.events);
    expect(await app.deps.repos.workItems.all()).toEqual(before.items);
  });

  step('a deleted issue leaves its sprint; its row and history stay', async () => {
    clock.set('2025-10-13T17:00:00Z');
    const doomed = await createIssue('EXP', 'Marketplace banner');
    await linearApi(linear.apiUrl, 'mutation($id: String!) { issueDelete(id: $id) { success } }', { id: drive.issues.get(doomed) });
    expect(await app.deps.repos.workItems.byIdentifier(doomed)).toMatchObject({ removed: true, sprintNumber: 1 });
    expect((await app.deps.repos.workItems.events(doomed)).map((e) => [e.kind, e.from, e.to])).toEqual([
      ['added', null, '1'],
      ['state', null, 'unstarted'],
      ['stream', null, 'experience'],
      ['removed', '1', null],
    ]);
  });

  step('changes made while Paceline was down are found by the reconciliation at the first tick after it starts', async () => {
    await app.stop();
    // Meanwhile in Linear: a new issue, GOV-1 reopened, RUN-1 pulled into the cycle. Linear's
    // deliveries to the stopped app fail.
    clock.set('2025-10-14T16:00:00Z');
    const late = await createIssue('RUN', 'Eval harness: nightly regression', { assignee: 'kai@paceline.test' });
    await updateIssue('GOV-1', { stateId: drive.ids.states.get('GOV:In Progress') });
    await updateIssue('RUN-1', { cycleId: 'cycle-RUN', stateId: drive.ids.states.get('RUN:Todo') });
    await start();
    expect(await app.deps.repos.workItems.byIdentifier(late)).toBeNull();
    await subscribe();
    clock.set('2025-10-14T16:05:00Z');
    await app.runner.tick();
    expect(await app.deps.repos.workItems.byIdentifier(late)).toMatchObject({
      streamKey: 'runtime',
      sprintNumber: 1,
      assignee: 'kai',
      state: 'unstarted',
    });
    const found = (await app.deps.repos.workItems.events())
      .filter((e) => e.source === 'reconcile')
      .sort((a, b) => a.identifier.localeCompare(b.identifier));
    expect(found.map((e) => [e.identifier, e.kind, e.from, e.to, e.at.toISOString()])).toEqual([
      ['GOV-1', 'state', 'completed', 'started', '2025-10-14T16:05:00.000Z'],
      ['RUN-1', 'added', null, '1', '2025-10-14T16:05:00.000Z'],
      ['RUN-1', 'state', 'backlog', 'unstarted', '2025-10-14T16:05:00.000Z'],
      [late, 'added', null, '1', '2025-10-14T16:05:00.000Z'],
      [late, 'state', null, 'unstarted', '2025-10-14T16:05:00.000Z'],
      [late, 'stream', null, 'runtime', '2025-10-14T16:05:00.000Z'],
    ]);
    // The next tick within the hour does not read Linear again; a second reconciliation finds nothing.
    expect((await app.deps.services.workItems.reconcile()).changes).toBe(0);
  });

  step('paceline sync linear records what Linear changed, marked reconcile, with no app running; a second run finds nothing', async () => {
    await app.stop();
    await updateIssue('RUN-1', { stateId: drive.ids.states.get('RUN:In Progress') });
    const dir = mkdtempSync(path.join(tmpdir(), 'paceline-sync-'));
    try {
      const file = path.join(dir, 'paceline.yml');
      // The example config with the same teams as above (the CLI reads a file, as people run it).
      const example = readFileSync(fileURLToPath(new URL('../paceline.example.yml', import.meta.url)), 'utf8');
      writeFileSync(file, `${example}\ntracker:\n  linear:\n    teams: ${JSON.stringify(config.tracker.linear?.teams)}\n`);
      const env = cleanEnv({
        LINEAR_API_KEY: LINEAR_TOKEN,
        LINEAR_API_URL: linear.apiUrl,
        ...(testDb.url === undefined ? { PACELINE_DATA_DIR: testDb.dataDir } : { DATABASE_URL: testDb.url }),
      });
      const first = await runCli(['sync', 'linear', '--config', file], { cwd: dir, env });
      expect(first.code).toBe(0);
      expect(first.stdout.trim()).toMatch(/^Read \d+ issues from Linear; recorded 1 change\.$/);
      const again = await runCli(['sync', 'linear', '--config', file], { cwd: dir, env });
      expect(again.stdout.trim()).toMatch(/; recorded 0 changes\.$/);
      // check-config --online checks the mapped teams and their label in Linear too.
      const slackEnv = { ...env, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: slack.apiUrl };
      const online = await runCli(['check-config', '--online', file], { cwd: dir, env: slackEnv });
      expect([online.code, online.stderr]).toEqual([0, '']);
      expect(online.stdout).toMatch(/; found the 3 Linear teams and their "cross-stream" label\n$/);
      const typo = path.join(dir, 'typo.yml');
      writeFileSync(
        typo,
        `${example}\ntracker:\n  linear:\n    teams: { GOV: governance, RNU: runtime }\n    crossStreamLabel: x-stream\n`,
      );
      const bad = await runCli(['check-config', '--online', typo], { cwd: dir, env: slackEnv });
      expect(bad.code).toBe(1);
      // The emulator's workspace also has its default team ENG.
      expect(bad.stderr.trim().split('\n')).toEqual([
        `paceline: ${typo}: 2 problems with Linear`,
        '  - tracker.linear.crossStreamLabel: team GOV has no label "x-stream" (nor does the workspace); create it in Linear',
        '  - tracker.linear.teams.RNU: Linear has no team with the key RNU (it has ENG, GOV, RUN, EXP, OPS)',
      ]);
      const wrong = await runCli(['sync', 'github', '--config', file], { cwd: dir, env });
      expect([wrong.code, wrong.stderr.trim()]).toEqual([2, 'paceline: sync takes one tracker to read: `paceline sync linear`']);
      const noKey = await runCli(['sync', 'linear', '--config', file], { cwd: dir, env: { ...env, LINEAR_API_KEY: '' } });
      expect(noKey.code).not.toBe(0);
      expect(noKey.stderr).toMatch(/LINEAR_API_KEY is not set/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await start();
    await subscribe();
    const run1 = (await app.deps.repos.workItems.events('RUN-1')).at(-1);
    expect([run1?.kind, run1?.from, run1?.to, run1?.source]).toEqual(['state', 'unstarted', 'started', 'reconcile']);
  });
});
