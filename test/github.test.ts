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
  tokenOf,
  type GithubOrg,
} from './support/githubEmulator.js';
import { exampleConfig, SIGNING_SECRET, startTestApp } from './support/paceline.js';
import { postSlashCommand } from './support/signedHttp.js';
import { channelIds, history, startSlackWorkspace, userIds, type SlackWorkspace } from './support/slackEmulator.js';
import { story } from './support/story.js';
import { launchChromium } from './support/browser.js';
import { inspectPng } from './support/png.js';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Two repositories: Governance's public API and Runtime's private service. OPS is not tracked.
const config = exampleConfig();
config.tracker = {
  github: {
    repositories: { 'paceline/gov-api': 'governance', 'paceline/runtime-svc': 'runtime' },
    public: ['paceline/gov-api'],
    smokeWorkflow: 'Nightly staging smoke',
  },
};
// Kai (Runtime) and Omar (Governance) review on GitHub as kai-gh and omar-gh.
for (const [key, login] of [
  ['kai', 'kai-gh'],
  ['omar', 'omar-gh'],
] as const) {
  const person = config.people.find((p) => p.key === key);
  if (person) person.github = login;
}
const clock = new SettableClock('2025-10-08T17:00:00Z');
const GOV_TITLE = 'Policy engine: evaluate <signed> bundles & more';

let slack: SlackWorkspace;
let github: GithubOrg;
let testDb: TestDatabase;
let app: RunningPaceline;
let baseUrl: string;
let ch: Map<string, string>;
let u: Map<string, string>;

const hook = (repo: string) => hookRepository(github.url, repo, baseUrl);

const changelogPosts = async () => (await history(slack.apiUrl, ch.get('changelog') as string)).map((m) => m.text);

/** A delivery the test sends itself, signed with the webhook secret as GitHub signs. */
function deliver(body: string, headers: Record<string, string> = {}) {
  return fetch(`${baseUrl}/webhooks/github`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-hub-signature-256': githubSignature(body),
      'x-github-event': 'pull_request',
      'x-github-delivery': crypto.randomUUID(),
      ...headers,
    },
    body,
  });
}

describe.each(DATABASE_KINDS)('work from GitHub on the %s database', (kind) => {
  const { step } = story();

  beforeAll(async () => {
    clock.set('2025-10-08T17:00:00Z');
    slack = await startSlackWorkspace(config, SIGNING_SECRET);
    github = await startGithubOrg('paceline', ['gov-api', 'runtime-svc', 'ops'], ['kai-gh', 'omar-gh']);
    testDb = await createTestDatabase(kind, 'github');
    ({ app, baseUrl } = await startTestApp({
      config,
      apiUrl: slack.apiUrl,
      clock,
      database: testDb,
      env: { GITHUB_WEBHOOK_SECRET },
    }));
    ch = await channelIds(slack.apiUrl);
    u = await userIds(slack.apiUrl);
    for (const repo of ['paceline/gov-api', 'paceline/runtime-svc', 'paceline/ops']) await hook(repo);
  });

  afterAll(async () => {
    await app?.stop();
    await github?.close();
    await slack?.close();
    await testDb?.drop();
  });

  step('a merged pull request naming GOV-7 becomes one changelog entry, posted once; the item is marked merged', async () => {
    const points = await postSlashCommand(
      baseUrl,
      { command: '/sprint', text: 'points GOV-7 3', user_id: u.get('omar') as string, channel_id: ch.get('governance-core') },
      { secret: SIGNING_SECRET },
    );
    expect(((await points.json()) as { text: string }).text).toBe('GOV-7 joins sprint 1 in Governance Core with 3 points.');
    // "utf-8" in the body is not an item: UTF is no tracked prefix.
    const number = await mergePullRequest(github.url, 'paceline/gov-api', {
      branch: 'gov-7-policy-engine',
      title: GOV_TITLE,
      body: 'Implements GOV-7. Bundles are utf-8.',
    });
    await vi.waitFor(async () => expect(await app.deps.repos.changelog.all()).toHaveLength(1), { timeout: 5000 });
    const pr = await githubApi<{ html_url: string; merged_at: string }>(github.url, 'GET', `/repos/paceline/gov-api/pulls/${number}`);
    const [entry] = await app.deps.repos.changelog.all();
    expect(entry).toMatchObject({
      sourceId: `github:paceline/gov-api#${number}`,
      streamKey: 'governance',
      title: GOV_TITLE,
      url: pr.html_url,
      public: true,
    });
    expect(entry?.mergedAt.toISOString()).toBe(new Date(pr.merged_at).toISOString());
    expect((await app.deps.repos.workItems.byIdentifier('GOV-7'))?.mergedAt?.toISOString()).toBe(entry?.mergedAt.toISOString());
    await vi.waitFor(async () => expect(await changelogPosts()).toHaveLength(1), { timeout: 5000 });
    expect(await changelogPosts()).toEqual([
      `:rocket: Merged in *Governance Core*: <${pr.html_url}|Policy engine: evaluate &lt;signed&gt; bundles &amp; more> (GOV-7) by admin`,
    ]);
  });

  step('GitHub redelivering the merge changes nothing', async () => {
    // GitHub's record of its deliveries: the merge is the `closed` one; it is sent again as is.
    // GitHub records a delivery once the app has answered it, which can be after the app acted.
    const hooks = await githubApi<{ id: number }[]>(github.url, 'GET', '/repos/paceline/gov-api/hooks');
    const merge = await vi.waitFor(
      async () => {
        const deliveries = await githubApi<{ id: number; event: string; action: string | null }[]>(
          github.url,
          'GET',
          `/repos/paceline/gov-api/hooks/${hooks[0]?.id}/deliveries`,
        );
        const found = deliveries.find((d) => d.event === 'pull_request' && d.action === 'closed');
        expect(found).toBeDefined();
        return found;
      },
      { timeout: 5000 },
    );
    const pr = await githubApi(github.url, 'GET', '/repos/paceline/gov-api/pulls/1');
    const repository = await githubApi(github.url, 'GET', '/repos/paceline/gov-api');
    const res = await deliver(JSON.stringify({ action: 'closed', pull_request: pr, repository }), {
      'x-github-delivery': String(merge?.id),
    });
    expect([res.status, await res.json()]).toEqual([200, { ok: true, duplicate: true }]);
    expect(await app.deps.repos.changelog.all()).toHaveLength(1);
    expect(await changelogPosts()).toHaveLength(1);
  });

  step('bad requests get a 4xx with the reason and store nothing; events Paceline does not use are ignored', async () => {
    const pr = await githubApi(github.url, 'GET', '/repos/paceline/gov-api/pulls/1');
    const repository = await githubApi(github.url, 'GET', '/repos/paceline/gov-api');
    const body = JSON.stringify({ action: 'closed', pull_request: pr, repository });
    const post = (b: string, headers: Record<string, string>) =>
      fetch(`${baseUrl}/webhooks/github`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: b });
    const common = { 'x-github-event': 'pull_request', 'x-github-delivery': 'd-bad' };

    const forged = await post(body, { ...common, 'x-hub-signature-256': githubSignature(body, 'not-the-secret') });
    expect([forged.status, await forged.json()]).toEqual([401, { error: 'invalid signature' }]);
    const unsigned = await post(body, common);
    expect([unsigned.status, await unsigned.json()]).toEqual([401, { error: 'missing X-Hub-Signature-256 header' }]);
    const garbled = await deliver('{"action": "closed", ');
    expect([garbled.status, await garbled.json()]).toEqual([
      400,
      { error: 'the body is not valid JSON (send the webhook as application/json)' },
    ]);
    const noEvent = await post(body, { 'x-hub-signature-256': githubSignature(body), 'x-github-delivery': 'd-1' });
    expect([noEvent.status, await noEvent.json()]).toEqual([400, { error: 'missing X-GitHub-Event header' }]);
    const noDelivery = await post(body, { 'x-hub-signature-256': githubSignature(body), 'x-github-event': 'pull_request' });
    expect([noDelivery.status, await noDelivery.json()]).toEqual([400, { error: 'missing X-GitHub-Delivery header' }]);
    const shapeless = await deliver(JSON.stringify({ action: 'closed', pull_request: { number: 'one' } }));
    expect(shapeless.status).toBe(400);
    expect(((await shapeless.json()) as { error: string }).error).toMatch(/^not a GitHub pull_request payload: pull_request\.number: /);
    const huge = await deliver(JSON.stringify({ action: 'closed', padding: 'x'.repeat(1024 * 1024) }));
    expect([huge.status, await huge.json()]).toEqual([413, { error: 'the body is larger than 1048576 bytes' }]);
    const ping = await deliver(JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 }), { 'x-github-event': 'ping' });
    expect([ping.status, await ping.json()]).toEqual([200, { ok: true, ignored: 'ping received' }]);
    const issues = await deliver(JSON.stringify({ action: 'opened' }), { 'x-github-event': 'issues' });
    expect([issues.status, await issues.json()]).toEqual([200, { ok: true, ignored: 'Paceline does not use issues events' }]);
    // The opened pull request GitHub delivered earlier was ignored the same way (nothing stored for it).
    // A merge in a repository the config does not map: accepted (GitHub must not retry), not stored.
    await mergePullRequest(github.url, 'paceline/ops', { branch: 'rotate-pager', title: 'Rotate the pager' });
    const opsPr = await githubApi(github.url, 'GET', '/repos/paceline/ops/pulls/1');
    const opsRepo = await githubApi(github.url, 'GET', '/repos/paceline/ops');
    const ops = await deliver(JSON.stringify({ action: 'closed', pull_request: opsPr, repository: opsRepo }));
    expect(ops.status).toBe(202);
    expect(await ops.json()).toEqual({
      ok: true,
      unknown: 'paceline/ops is not in tracker.github.repositories (paceline/gov-api, paceline/runtime-svc)',
    });
    expect(await app.deps.repos.changelog.all()).toHaveLength(1);
    expect(await changelogPosts()).toHaveLength(1);
  });

  step('the public page and both feeds show public repositories only, escaped, and answer 304 when unchanged', async () => {
    await mergePullRequest(github.url, 'paceline/runtime-svc', { branch: 'run-3-cache', title: 'Internal: warm the model cache' });
    await vi.waitFor(async () => expect(await app.deps.repos.changelog.all()).toHaveLength(2), { timeout: 5000 });
    await vi.waitFor(async () => expect(await changelogPosts()).toHaveLength(2), { timeout: 5000 });
    expect((await app.deps.repos.changelog.all())[1]).toMatchObject({ streamKey: 'runtime', public: false });
    const pr = await githubApi<{ html_url: string }>(github.url, 'GET', '/repos/paceline/gov-api/pulls/1');

    const page = await fetch(`${baseUrl}/changelog`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain(`<a href="${pr.html_url}">Policy engine: evaluate &lt;signed&gt; bundles &amp; more</a>`);
    expect(html).toContain('<h3>Governance Core</h3>');
    expect(html).toMatch(/<h2>Sprint \d+ · <span class="nw">\d{4}-\d{2}-\d{2}<\/span> → <span class="nw">\d{4}-\d{2}-\d{2}<\/span><\/h2>/);
    expect(html).not.toContain('warm the model cache');
    expect(html).not.toContain('<signed>');

    const etag = page.headers.get('etag') as string;
    const lastModified = page.headers.get('last-modified') as string;
    expect((await fetch(`${baseUrl}/changelog`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await fetch(`${baseUrl}/changelog`, { headers: { 'if-modified-since': lastModified } })).status).toBe(304);
    expect((await fetch(`${baseUrl}/changelog`, { headers: { 'if-none-match': '"something-else"' } })).status).toBe(200);

    const atom = await fetch(`${baseUrl}/changelog/atom.xml`);
    expect(atom.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const parsed = parseFeed(await atom.text());
    expect(parsed.items.map((i) => [i.title, i.url])).toEqual([[GOV_TITLE, pr.html_url]]);
    expect(
      (await fetch(`${baseUrl}/changelog/atom.xml`, { headers: { 'if-none-match': atom.headers.get('etag') as string } })).status,
    ).toBe(304);

    const json = (await (await fetch(`${baseUrl}/changelog/feed.json`)).json()) as {
      version: string;
      items: { title: string; url: string; content_text?: string; summary?: string }[];
    };
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.items.map((i) => [i.title, i.url])).toEqual([[GOV_TITLE, pr.html_url]]);
  });

  step(
    'the page reads right in a real browser (Chromium) on a desktop and a phone: the titles as text, the links, no sideways scroll',
    async () => {
      const pr = await githubApi<{ html_url: string }>(github.url, 'GET', '/repos/paceline/gov-api/pulls/1');
      const browser = await launchChromium();
      try {
        for (const [name, viewport] of [
          ['desktop', { width: 1280, height: 800 }],
          ['phone', { width: 390, height: 844 }],
        ] as const) {
          const page = await browser.newPage({ viewport });
          const res = await page.goto(`${baseUrl}/changelog`);
          expect(res?.status()).toBe(200);
          // The title with its angle brackets is text people read, not markup the browser ran.
          const link = page.getByRole('link', { name: GOV_TITLE, exact: true });
          expect(await link.count()).toBe(1);
          expect(await link.getAttribute('href')).toBe(pr.html_url);
          expect(await page.locator('signed').count()).toBe(0);
          expect(await page.getByRole('heading', { level: 3, name: 'Governance Core' }).count()).toBe(1);
          expect(await page.getByText('warm the model cache').count()).toBe(0);
          // Run in the page (a string, so this file needs no DOM types).
          const widths = await page.evaluate<{ content: number; view: number }>(
            '({ content: document.documentElement.scrollWidth, view: window.innerWidth })',
          );
          expect(widths.content).toBeLessThanOrEqual(widths.view);
          // A screenshot to look at (the path is logged); its pixels must show a page, not a blank.
          const file = path.join(tmpdir(), `paceline-changelog-${kind}-${name}.png`);
          const shot = inspectPng(await page.screenshot({ path: file, fullPage: true }));
          expect(shot.width).toBe(viewport.width);
          // About 1% of a mostly white page is text; a blank or unstyled error page has none or one colour.
          expect(shot.inked).toBeGreaterThan(0.004);
          expect(shot.colours).toBeGreaterThan(16);
          console.log(`changelog page screenshot (${name}): ${file}`);
          await page.close();
        }
      } finally {
        await browser.close();
      }
    },
  );

  step('a completed smoke run is told once in every stream channel; a failure also pages today’s Tiger Crew once', async () => {
    // The emulator cannot create workflows or finish a run (only cancel one), so these deliveries
    // are the workflow_run webhooks GitHub sends, signed with the secret, about a real repository.
    const repository = await githubApi(github.url, 'GET', '/repos/paceline/runtime-svc');
    const run = (id: number, conclusion: string, name = 'Nightly staging smoke') =>
      JSON.stringify({
        action: 'completed',
        repository,
        workflow_run: {
          id,
          name,
          run_number: id - 900,
          conclusion,
          html_url: `${github.url}/paceline/runtime-svc/actions/runs/${id}`,
          head_branch: 'main',
        },
      });
    const streamChannels = ['governance-core', 'runtime-training', 'experience-ecosystem'];
    const last = async (channel: string) => (await history(slack.apiUrl, ch.get(channel) as string)).at(-1)?.text ?? '';
    const tigerPosts = async () => (await history(slack.apiUrl, ch.get('tiger-crew') as string)).map((m) => m.text);
    const pagesBefore = (await tigerPosts()).length;

    const passed = await deliver(run(901, 'success'), { 'x-github-event': 'workflow_run' });
    expect([passed.status, await passed.json()]).toMatchObject([200, { ok: true, changes: ['posted', 'posted', 'posted'] }]);
    for (const c of streamChannels)
      expect(await last(c)).toBe(
        `:white_check_mark: Staging smoke passed: <${github.url}/paceline/runtime-svc/actions/runs/901|run #1 of paceline/runtime-svc (main)>.`,
      );
    expect(await tigerPosts()).toHaveLength(pagesBefore);

    const failed = run(902, 'failure');
    const res = await deliver(failed, { 'x-github-event': 'workflow_run', 'x-github-delivery': 'smoke-902' });
    expect(res.status).toBe(200);
    expect(await last('runtime-training')).toMatch(
      new RegExp(
        `^:x: Staging smoke failed: <${github.url}/paceline/runtime-svc/actions/runs/902\\|run #2 of paceline/runtime-svc \\(main\\)>\\. `,
      ),
    );
    const crew = (await app.deps.services.tigerCrew.crewFor('2025-10-08')).map(
      (k) => `<@${u.get(config.people.find((p) => p.key === k)?.slack.slice(1) ?? '')}>`,
    );
    expect(crew).toHaveLength(2);
    const pages = (await tigerPosts()).slice(pagesBefore);
    expect(pages).toEqual([
      `:rotating_light: ${crew.join(' ')}: staging smoke failed — <${github.url}/paceline/runtime-svc/actions/runs/902|run #2 of paceline/runtime-svc (main)>. Please triage it.`,
    ]);

    // Redelivered: nothing new anywhere.
    const again = await deliver(failed, { 'x-github-event': 'workflow_run', 'x-github-delivery': 'smoke-902' });
    expect([again.status, await again.json()]).toEqual([200, { ok: true, duplicate: true }]);
    expect((await tigerPosts()).slice(pagesBefore)).toHaveLength(1);
    for (const c of streamChannels)
      expect((await history(slack.apiUrl, ch.get(c) as string)).filter((m) => m.text.includes('runs/902'))).toHaveLength(1);

    // Other workflows, and runs not yet completed, are not the smoke result.
    const other = await deliver(run(903, 'failure', 'Lint'), { 'x-github-event': 'workflow_run' });
    expect([other.status, await other.json()]).toEqual([
      200,
      { ok: true, ignored: 'Lint is not the smoke workflow (tracker.github.smokeWorkflow)' },
    ]);
    expect((await tigerPosts()).slice(pagesBefore)).toHaveLength(1);
  });

  step('a pull request touching another stream’s work gets one nudge after 4 h without a review from that stream', async () => {
    clock.set('2025-10-09T17:00:00Z'); // Thu 10:00 PDT
    await postSlashCommand(
      baseUrl,
      { command: '/sprint', text: 'points RUN-9 2 runtime', user_id: u.get('noor') as string, channel_id: ch.get('runtime-training') },
      { secret: SIGNING_SECRET },
    );
    const nudges = async () =>
      (await history(slack.apiUrl, ch.get('governance-core') as string)).map((m) => m.text).filter((t) => t.startsWith(':eyes:'));
    const watched = (n: number) => app.deps.repos.pullRequests.bySourceId(`github:paceline/gov-api#${n}`);

    // Governance's repository, Runtime's item: cross-cutting. Not merged, so it waits for review.
    const contract = await mergePullRequest(github.url, 'paceline/gov-api', {
      branch: 'gov-7-run-9-token-contract',
      title: 'Token exchange contract',
      merge: false,
    });
    await vi.waitFor(async () => expect((await watched(contract))?.nudgeDueAt?.toISOString()).toBe('2025-10-09T21:00:00.000Z'), {
      timeout: 5000,
    });
    expect(await watched(contract)).toMatchObject({ crossStream: true, otherStreams: ['runtime'], items: ['GOV-7', 'RUN-9'] });
    // Governance's own work only: nothing to watch.
    const own = await mergePullRequest(github.url, 'paceline/gov-api', { branch: 'gov-7-docs', title: 'Docs for GOV-7', merge: false });
    await vi.waitFor(async () => expect((await watched(own))?.sourceId).toBe(`github:paceline/gov-api#${own}`), { timeout: 5000 });
    expect(await watched(own)).toMatchObject({ crossStream: false, nudgeDueAt: null });
    // Approved by a Runtime person before the deadline: settled, no nudge.
    const approved = await mergePullRequest(github.url, 'paceline/gov-api', {
      branch: 'run-9-client',
      title: 'RUN-9 client',
      merge: false,
    });
    await vi.waitFor(async () => expect((await watched(approved))?.nudgeDueAt).toBeInstanceOf(Date), { timeout: 5000 });
    await githubApi(github.url, 'POST', `/repos/paceline/gov-api/pulls/${approved}/reviews`, { event: 'APPROVE' }, tokenOf('kai-gh'));
    await vi.waitFor(async () => expect((await watched(approved))?.approvedAt).toBeInstanceOf(Date), { timeout: 5000 });
    // An approval by someone of the pull request's own stream does not count.
    await githubApi(github.url, 'POST', `/repos/paceline/gov-api/pulls/${contract}/reviews`, { event: 'APPROVE' }, tokenOf('omar-gh'));
    // Wait for GitHub's own record that both reviews were delivered (and answered 200).
    await vi.waitFor(
      async () => {
        const hooks = await githubApi<{ id: number }[]>(github.url, 'GET', '/repos/paceline/gov-api/hooks');
        const sent = await githubApi<{ event: string; status_code: number }[]>(
          github.url,
          'GET',
          `/repos/paceline/gov-api/hooks/${hooks[0]?.id}/deliveries`,
        );
        expect(sent.filter((d) => d.event === 'pull_request_review').map((d) => d.status_code)).toEqual([200, 200]);
      },
      { timeout: 5000 },
    );
    expect((await watched(contract))?.approvedAt).toBeNull();

    clock.set('2025-10-09T20:59:00Z');
    await app.runner.tick();
    expect(await nudges()).toEqual([]);
    clock.set('2025-10-09T21:00:00Z');
    await app.runner.tick();
    await app.runner.tick();
    const runtime = ['kai', 'noor', 'theo', 'rt-qa', 'rt-devrel']
      .map((k) => u.get(config.people.find((p) => p.key === k)?.slack.slice(1) ?? ''))
      .filter((id) => id !== undefined)
      .map((id) => `<@${id}>`);
    expect(runtime.length).toBeGreaterThan(0);
    const pr = await githubApi<{ html_url: string }>(github.url, 'GET', `/repos/paceline/gov-api/pulls/${contract}`);
    expect(await nudges()).toEqual([
      `:eyes: <${pr.html_url}|Token exchange contract> (GOV-7, RUN-9) touches Runtime &amp; Training and has no approving review from another stream after 4 h. Could ${runtime.join(' ')} review it?`,
    ]);
    expect((await watched(contract))?.nudgedAt?.toISOString()).toBe('2025-10-09T21:00:00.000Z');
  });
});
