import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleConfig, SIGNING_SECRET, BOT_TOKEN } from './support/paceline.js';
import { postSlashCommand } from './support/signedHttp.js';
import { startSlackWorkspace, userIds, type SlackWorkspace } from './support/slackEmulator.js';
import { startFaultProxy } from './support/faultProxy.js';
import { createTestDatabase } from './support/databases.js';
import { cleanEnv, runCli, startCli } from './support/cli.js';
import { readMigrations } from '../src/db/migrate.js';
import { NODE_OPTIONS } from '../src/runtime.js';

const example = fileURLToPath(new URL('../paceline.example.yml', import.meta.url));
let work: string;
let slack: SlackWorkspace;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'paceline-cli-'));
  slack = await startSlackWorkspace(exampleConfig(), SIGNING_SECRET);
});

afterAll(async () => {
  await slack?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('paceline check-config', () => {
  it('says OK in one line for the example', async () => {
    const r = await runCli(['check-config', example], { cwd: work, env: cleanEnv() });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(
      'OK: 3 streams (governance, runtime, experience), 15 people, sprint 2025-10-04 for 14 days, stand-up 09:00 America/Los_Angeles',
    );
    expect(r.code).toBe(0);
  });

  it('lists every error of a broken copy with its line and path, and exits 1', async () => {
    const broken = path.join(work, 'broken.yml');
    writeFileSync(
      broken,
      readFileSync(example, 'utf8')
        .replace('timezone: America/Los_Angeles', 'timezone: America/LosAngeles')
        .replace('demoDay: 7', 'demoDay: 21')
        .replace('members: [kai, noor, theo, rt-qa, rt-devrel]', 'members: [noor, theo, rt-qa, rt-devrel]'),
    );
    const r = await runCli(['check-config', broken], { cwd: work, env: cleanEnv() });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe(`paceline: ${broken} has 3 problems`);
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^ {2}- broken\.yml:\d+ timezone: "America\/LosAngeles" is not a time zone/),
      expect.stringMatching(/^ {2}- broken\.yml:\d+ streams\[1\]\.lead: "kai" is not a member of stream "runtime"/),
      expect.stringMatching(/^ {2}- broken\.yml:\d+ sprint\.demoDay: day 21 lies outside the 14-day sprint/),
    ]);
  });

  it('--online resolves every channel and person through the Web API', async () => {
    const r = await runCli(['check-config', '--online', example], {
      cwd: work,
      env: cleanEnv({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: slack.apiUrl }),
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/; resolved 8 channels and 15 people in Slack\n$/);
    expect(r.code).toBe(0);
  });

  it('without any config file exits 1 and says how to start from the example', async () => {
    const r = await runCli(['check-config'], { cwd: work, env: cleanEnv() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No Paceline config at');
    expect(r.stderr).toContain('cp paceline.example.yml paceline.yml');
  });
});

describe('failing clearly', () => {
  it('a YAML alias bomb is one line naming the cause, no stack trace', async () => {
    const bomb = path.join(work, 'bomb.yml');
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [prev, next] of [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['d', 'e'],
    ])
      levels.push(`${next}: &${next} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    writeFileSync(bomb, `${levels.join('\n')}\n`);
    const r = await runCli(['check-config', bomb], { cwd: work, env: cleanEnv() });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^paceline: .*bomb\.yml has 1 problem\n {2}- bomb\.yml: cannot be read: Excessive alias count .*\(remove the YAML aliases, or use fewer\)\n$/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('check-config --online with Slack unreachable exits within 30 s with the cause', async () => {
    const started = performance.now();
    const r = await runCli(['check-config', '--online', example], {
      cwd: work,
      env: cleanEnv({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: 'http://127.0.0.1:9/api/' }),
    });
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^paceline: Slack's Web API did not answer auth\.test after 2 attempts: A request error occurred: fetch failed\n$/,
    );
  });

  it('start on a port that is in use says so in one line', async () => {
    copyFileSync(example, path.join(work, 'paceline.yml'));
    const blocker = createServer(() => undefined);
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await runCli(['start'], {
        cwd: work,
        env: cleanEnv({
          SLACK_BOT_TOKEN: BOT_TOKEN,
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          SLACK_API_URL: slack.apiUrl,
          PORT: String(port),
        }),
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`paceline: Port ${port} is already in use by another process: stop it, or set PORT to a free port.\n`);
    } finally {
      blocker.close();
    }
  });
});

describe('paceline start', () => {
  it('npm start passes the node options the app runs with (src/runtime.ts)', () => {
    const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8')) as {
      scripts: { start: string };
    };
    expect(pkg.scripts.start).toMatch(new RegExp(`node ${NODE_OPTIONS.join(' ')} bin/paceline\\.js start$`));
  });

  it('without Slack credentials exits 1 naming both variables and the README section', async () => {
    copyFileSync(example, path.join(work, 'paceline.yml'));
    const r = await runCli(['start'], { cwd: work, env: cleanEnv() });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET/);
    expect(r.stderr).toMatch(/from manifest\.yml first \(README, "Creating the Slack app"\)/);
  });

  it('on the embedded database: creates and migrates it, serves health, readiness and metrics, rejects bad signatures, stops cleanly on SIGTERM', async () => {
    copyFileSync(example, path.join(work, 'paceline.yml'));
    const env = cleanEnv({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, PORT: '0' });
    const { child, port, output } = await startCli(['start'], { cwd: work, env });
    const base = `http://127.0.0.1:${port}`;
    try {
      expect(existsSync(path.join(work, 'data', 'pglite', 'PG_VERSION'))).toBe(true);
      expect(output()).toMatch(/"msg":"database ready"/);
      expect(output()).toMatch(/"database":"embedded"/);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const ready = await fetch(`${base}/readyz`);
      expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', slack: 'ok' } });
      expect(await (await fetch(`${base}/metrics`)).text()).toContain('paceline_nodejs_heap_size_total_bytes');
      const forged = await postSlashCommand(base, { command: '/sprint', user_id: 'U1' }, { secret: 'wrong-secret' });
      expect(forged.status).toBe(401);
      const real = await postSlashCommand(base, { command: '/sprint', user_id: 'U1' }, { secret: SIGNING_SECRET });
      expect(real.status).toBe(200);
      expect(output()).not.toContain(BOT_TOKEN);
      // Started as the `paceline` command, it runs with the node options that keep its memory down.
      expect(output()).not.toContain('started without the node option');
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise((resolve) => child.once('close', resolve));
    expect(code).toBe(0);
    expect(output()).toMatch(/"msg":"paceline stopped"/);
    // The folder lock is released, so the next start (or `paceline migrate`) can open it.
    const migrated = await runCli(['migrate'], { cwd: work, env });
    expect(migrated.stdout).toMatch(new RegExp(`^embedded database at .* is up to date \\(${readMigrations().length} migrations\\)`));
    expect(migrated.code).toBe(0);
  });
});

describe('paceline start while Slack is unreachable', () => {
  it('serves /healthz and a /readyz 503 saying why, and comes up when Slack answers', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'paceline-boot-'));
    copyFileSync(example, path.join(dir, 'paceline.yml'));
    const proxy = await startFaultProxy(slack.apiUrl);
    proxy.set(() => 'down');
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const env = cleanEnv({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: proxy.apiUrl,
      PORT: String(port),
    });
    const started = startCli(['start'], { cwd: dir, env });
    try {
      let body: { status?: string; checks?: { slack?: string } } = {};
      // Booting (the embedded database's migrations) takes seconds on a loaded machine: poll until
      // the first failed attempt is reported, within the test's own timeout.
      const deadline = performance.now() + 25_000;
      while (performance.now() < deadline && !String(body.checks?.slack).includes('failed')) {
        await new Promise((r) => setTimeout(r, 50));
        const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
        if (res) {
          expect(res.status).toBe(503);
          body = (await res.json()) as typeof body;
        }
      }
      expect(body).toMatchObject({ status: 'starting', checks: { database: 'ok' } });
      expect(body.checks?.slack).toMatch(/^auth\.test attempt \d failed \(.*\); retrying$/);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      proxy.set(() => 'pass');
      const { child } = await started;
      try {
        const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
        expect(ready.status).toBe(200);
      } finally {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('close', resolve));
      }
    } finally {
      await proxy.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('paceline start on PostgreSQL', () => {
  it('writes only JSON lines: Node warnings (the pg driver deprecates concurrent queries) are logged as JSON too; as plain node it names the node option it misses', async () => {
    const db = await createTestDatabase('postgres', 'cli-json');
    const dir = mkdtempSync(path.join(tmpdir(), 'paceline-json-'));
    copyFileSync(example, path.join(dir, 'paceline.yml'));
    const users = await userIds(slack.apiUrl);
    const env = cleanEnv({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      DATABASE_URL: db.url,
    });
    // As `node bin/paceline.js start`: it works, and says which node option it misses.
    const { child, port, output } = await startCli(['start'], { cwd: dir, env, launch: 'plain node' });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      // Concurrent commands make the driver see overlapping queries.
      await Promise.all(
        ['omar', 'lena', 'ada', 'kai', 'noor'].map((h, i) =>
          postSlashCommand(
            `http://127.0.0.1:${port}`,
            { command: '/blocker', text: `concurrent ${i} stream:governance`, user_id: users.get(h) as string },
            { secret: SIGNING_SECRET },
          ),
        ),
      );
      await fetch(`http://127.0.0.1:${port}/readyz`);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('close', resolve));
      rmSync(dir, { recursive: true, force: true });
      await db.drop();
    }
    expect(stderr).toBe('');
    for (const line of output().split('\n').filter(Boolean)) expect(() => JSON.parse(line), line).not.toThrow();
    expect(output()).toMatch(
      /"missing":\["--liftoff-only"\],"msg":"started without the node option --liftoff-only: expect about 50 MB more memory; start with `npm start`/,
    );
  });
});

describe('paceline start with Slack hanging', () => {
  it('SIGTERM still exits within SHUTDOWN_TIMEOUT_MS, saying what it abandons', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'paceline-shutdown-'));
    copyFileSync(example, path.join(dir, 'paceline.yml'));
    const proxy = await startFaultProxy(slack.apiUrl);
    const omar = (await userIds(slack.apiUrl)).get('omar') as string;
    const env = cleanEnv({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: proxy.apiUrl,
      PORT: '0',
      SHUTDOWN_TIMEOUT_MS: '1500',
    });
    const { child, port, output } = await startCli(['start'], { cwd: dir, env });
    try {
      proxy.set(() => 'hang'); // Slack takes every call and never answers
      const res = await postSlashCommand(
        `http://127.0.0.1:${port}`,
        { command: '/blocker', text: 'stuck behind Slack', user_id: omar },
        { secret: SIGNING_SECRET },
      );
      expect(((await res.json()) as { text: string }).text).toMatch(/^Filed B-1 in Governance Core\.$/);
      const started = performance.now();
      child.kill('SIGTERM');
      const code = await new Promise((resolve) => child.once('close', resolve));
      const took = performance.now() - started;
      expect(code).toBe(1);
      expect(took).toBeLessThan(1500 + 3000);
      expect(output()).toMatch(/"abandoned":1,"msg":"shutdown deadline passed; abandoning the work still in flight"/);
    } finally {
      child.kill('SIGKILL');
      await proxy.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('options per command', () => {
  it.each([
    [['migrate', '--online'], 'paceline: migrate does not take --online (it takes no options)'],
    [['plan', '--stream', 'governance'], 'paceline: plan does not take --stream (it takes --config, --from, --days, --format)'],
    [['start', '--days', '3'], 'paceline: start does not take --days (it takes --config)'],
    [['migrate', 'now'], 'paceline: migrate takes no arguments, got "now"'],
    [['plan', '--from'], 'paceline: plan --from: missing (expected a value after it)'],
    [['check-config', 'a.yml', 'b.yml'], 'paceline: check-config takes one file, got 2'],
    [['export', 'answers'], 'paceline: export takes one thing to export: `paceline export standups --from DATE --to DATE`'],
    [['digest'], 'paceline: digest posts from the running app only (Mondays at digest.time); `paceline digest --preview` shows it here'],
    [
      ['digest', '--preview', '--date', '2025-13-01', '--config', example],
      'paceline: digest --date: "2025-13-01" is not a calendar date (expected YYYY-MM-DD)',
    ],
    [
      ['digest', '--preview', '--date', '2025-01-01', '--config', example],
      'paceline: digest --date: 2025-01-01 is in no sprint (the first starts 2025-10-04)',
    ],
  ])('paceline %j is refused: %s', async (args, message) => {
    const r = await runCli(args, { cwd: work, env: cleanEnv() });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${message}\n`);
  });
});

describe('paceline', () => {
  it('with no command prints usage and exits 2; an unknown command is named', async () => {
    const none = await runCli([], { cwd: work, env: cleanEnv() });
    expect(none.code).toBe(2);
    expect(none.stdout).toContain('Usage: paceline <command>');
    const unknown = await runCli(['strat'], { cwd: work, env: cleanEnv() });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "strat"');
    const optionFirst = await runCli(['--config', 'paceline.yml', 'start'], { cwd: work, env: cleanEnv() });
    expect(optionFirst.code).toBe(2);
    expect(optionFirst.stderr.split('\n')[0]).toBe(
      'paceline: the command comes first, e.g. `paceline start --config paceline.yml` (got "--config")',
    );
    const help = await runCli(['plan', '--help'], { cwd: work, env: cleanEnv() });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('  plan [--from DATE] [--days N] [--format text|json]');
  });
});
