import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { parseConfig, findConfigFile } from '../src/config/load.js';
import { parseEnv, requireLinearCredentials, requireSlackCredentials } from '../src/config/env.js';
import { isPacelineError } from '../src/errors.js';

const exampleText = readFileSync(new URL('../paceline.example.yml', import.meta.url), 'utf8');

/** The example with one change applied, as an admin would make it by hand. */
function broken(edit: (doc: Record<string, any>) => void): string[] {
  const doc = parse(exampleText) as Record<string, any>;
  edit(doc);
  return parseConfig(stringify(doc), 'paceline.yml').problems;
}

describe('paceline.example.yml', () => {
  it('encodes the playbook', () => {
    const { config, problems } = parseConfig(exampleText, 'paceline.example.yml');
    expect(problems).toEqual([]);
    expect(config?.timezone).toBe('America/Los_Angeles');
    expect(config?.sprint).toMatchObject({ start: '2025-10-04', lengthDays: 14, demoDay: 7, retroDay: 14 });
    expect(config?.streams.map((s) => [s.key, s.sprintLabel, s.name, s.lead, s.crews, s.partners])).toEqual([
      ['governance', 'Sprint 2', 'Governance Core', 'ada', ['Security Guild', 'Identity Ops'], ['Gateway/API team']],
      ['runtime', 'Sprint 3', 'Runtime & Training', 'kai', ['Observability Pod', 'SLM Crew'], ['Moderation Squad']],
      ['experience', 'Sprint 4', 'Experience & Ecosystem', 'mira', ['Frontend Guild', 'Analytics Crew'], ['Marketplace Ops']],
    ]);
    expect(config?.standup).toMatchObject({ time: '09:00', durationMinutes: 15 });
    expect(config?.chaosDrill.order).toEqual(['governance', 'runtime', 'experience']);
    expect(config?.digest.day).toBe('mon');
    // Level 1 at 4 h for cross-stream items, in milliseconds.
    expect(config?.escalation.levels[1]).toMatchObject({ after: 4 * 3600_000, tags: ['cross-stream'] });
    for (const s of config?.streams ?? []) {
      expect(s.qa, `${s.key} has a QA liaison`).toBeDefined();
      expect(s.devrel, `${s.key} has a DevRel liaison`).toBeDefined();
    }
  });
});

describe('config problems are reported with their path, line and expectation', () => {
  const cases: [string, (d: Record<string, any>) => void, RegExp][] = [
    [
      'lead outside the stream',
      (d) => (d.streams[1].members = ['noor', 'theo']),
      /:\d+ streams\[1\]\.lead: "kai" is not a member of stream "runtime"/,
    ],
    ['undeclared member', (d) => d.streams[0].members.push('zed'), /streams\[0\]\.members\[5\]: "zed" is not declared in people/],
    ['unknown time zone', (d) => (d.timezone = 'America/LosAngeles'), /timezone: "America\/LosAngeles" is not a time zone/],
    [
      'demo day outside the sprint',
      (d) => (d.sprint.demoDay = 15),
      /sprint\.demoDay: day 15 lies outside the 14-day sprint \(expected 1–14\)/,
    ],
    ['missing channel', (d) => delete d.channels.escalation, /channels\.escalation: is required/],
    ['channel not a channel', (d) => (d.streams[2].channel = 'experience'), /streams\[2\]\.channel: expected a channel/],
    [
      'duplicate person',
      (d) => d.people.push({ key: 'ada', name: 'Ada Two', slack: '@ada2' }),
      /people\[15\]\.key: "ada" is declared twice \(first at people\[0\]\)/,
    ],
    ['duplicate stream', (d) => d.streams.push({ ...d.streams[0] }), /streams\[3\]\.key: "governance" is declared twice/],
    ['typo in a key', (d) => (d.streams[0].laed = 'ada'), /streams\[0\]: unknown key "laed"/],
    ['bad time', (d) => (d.standup.time = '9am'), /standup\.time: expected a 24-hour time written "HH:MM"/],
    ['bad date', (d) => (d.sprint.start = '2025-02-30'), /sprint\.start: is not a calendar date/],
    [
      'chaos order names no stream',
      (d) => (d.chaosDrill.order = ['governance', 'runtim']),
      /chaosDrill\.order\[1\]: "runtim" is not a stream key \(expected one of governance, runtime, experience\)/,
    ],
    ['crew larger than pool', (d) => (d.tigerCrew.size = 9), /tigerCrew\.size: 9 people a day but the pool has only 6/],
    ['bad duration', (d) => (d.escalation.levels[1].after = '4 hours'), /escalation\.levels\[1\]\.after: expected a duration/],
    ['levels out of order', (d) => (d.escalation.levels[2].after = '1h'), /escalation\.levels\[2\]\.after: levels must be listed in order/],
    [
      'a Linear team mapped to no stream',
      (d) => (d.tracker = { linear: { teams: { GOV: 'governance', RUN: 'runtim' } } }),
      /tracker\.linear\.teams\.RUN: "runtim" is not declared in streams \(declared: governance, runtime, experience\)/,
    ],
    [
      'not a Linear team key',
      (d) => (d.tracker = { linear: { teams: { gov: 'governance' } } }),
      /tracker\.linear\.teams\.gov: expected a Linear team key, e\.g\. GOV/,
    ],
    [
      'one Linear account for two people',
      (d) => ((d.people[0].linear = 'ada@example.com'), (d.people[1].linear = 'ADA@example.com')),
      /people\[1\]\.linear: "ADA@example\.com" is also people\[0\]'s Linear account/,
    ],
    [
      'a GitHub repository mapped to an undeclared stream',
      (d) => (d.tracker = { github: { repositories: { 'acme/api': 'platform' } } }),
      /tracker\.github\.repositories\.acme\/api: "platform" is not declared in streams \(declared: governance, runtime, experience\)/,
    ],
    [
      'a repository that is not owner/name',
      (d) => (d.tracker = { github: { repositories: { api: 'runtime' } } }),
      /tracker\.github\.repositories\.api: expected a repository as owner\/name, e\.g\. acme\/api/,
    ],
    [
      'a public repository that is not mapped',
      (d) => (d.tracker = { github: { repositories: { 'acme/api': 'runtime' }, public: ['acme/web'] } }),
      /tracker\.github\.public\[0\]: "acme\/web" is not in tracker\.github\.repositories \(add it there with its stream\)/,
    ],
    [
      'digest thresholds in the wrong order',
      (d) => ((d.digest.onTrack = 0.5), (d.digest.atRisk = 0.7)),
      /digest\.atRisk: 0\.7 is not below digest\.onTrack \(0\.5\); "at risk" must sit between off track and on track/,
    ],
    [
      'a GitHub login that is not one',
      (d) => (d.people[0].github = 'not a login'),
      /people\[0\]\.github: expected a GitHub login, e\.g\. octocat/,
    ],
  ];
  it.each(cases)('%s', (_name, edit, expected) => {
    const problems = broken(edit);
    expect(problems.join('\n')).toMatch(expected);
  });

  it('lists every problem at once', () => {
    const problems = broken((d) => {
      d.timezone = 'Mars/Olympus';
      d.sprint.demoDay = 20;
      d.admins = ['nobody'];
    });
    expect(problems).toHaveLength(3);
  });

  it('reports YAML syntax errors and duplicate keys with a line number', () => {
    const dup = exampleText.replace('timezone: America/Los_Angeles', 'timezone: America/Los_Angeles\ntimezone: Europe/Berlin');
    expect(parseConfig(dup, 'paceline.yml').problems.join('\n')).toMatch(/^paceline\.yml:\d+:\d+: Map keys must be unique/);
    expect(parseConfig('streams: [unclosed', 'paceline.yml').problems[0]).toMatch(/^paceline\.yml:1:\d+: /);
  });

  it('an empty file asks for every top-level section', () => {
    const problems = parseConfig('', 'paceline.yml').problems.join('\n');
    for (const key of [
      'timezone',
      'sprint',
      'channels',
      'people',
      'streams',
      'standup',
      'escalation',
      'tigerCrew',
      'chaosDrill',
      'digest',
    ]) {
      expect(problems).toContain(`${key}: is required`);
    }
  });
});

describe('finding the config file', () => {
  it('without any file says how to start from the example', () => {
    try {
      findConfigFile(undefined, undefined, '/nonexistent-dir');
      expect.unreachable();
    } catch (err) {
      expect(isPacelineError(err, 'CONFIG_NOT_FOUND')).toBe(true);
      expect((err as Error).message).toContain('cp paceline.example.yml paceline.yml');
    }
  });

  it('--config wins over PACELINE_CONFIG', () => {
    const root = new URL('..', import.meta.url).pathname;
    expect(findConfigFile('paceline.example.yml', 'missing.yml', root)).toMatch(/paceline\.example\.yml$/);
    expect(() => findConfigFile(undefined, 'missing.yml', root)).toThrow(/PACELINE_CONFIG=missing\.yml/);
  });
});

describe('environment', () => {
  it('defaults and parses explicitly', () => {
    const env = parseEnv({ PORT: '8080', LOG_LEVEL: '' });
    expect(env).toMatchObject({ PORT: 8080, LOG_LEVEL: 'info', PACELINE_DATA_DIR: './data' });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('names each bad variable and what it expects', () => {
    try {
      parseEnv({ SLACK_BOT_TOKEN: 'xoxp-user-token', PORT: 'eighty', DATABASE_URL: 'mysql://x' });
      expect.unreachable();
    } catch (err) {
      expect(isPacelineError(err, 'ENV_INVALID')).toBe(true);
      const problems = (err as { problems: string[] }).problems.join('\n');
      expect(problems).toMatch(/SLACK_BOT_TOKEN: expected a bot token starting with xoxb-/);
      expect(problems).toMatch(/PORT: expected a port number/);
      expect(problems).toMatch(/DATABASE_URL: expected postgres:\/\//);
    }
  });

  it('with tracker.linear configured, names the missing Linear secrets and where to get them', () => {
    expect(() => requireLinearCredentials(parseEnv({}))).toThrow(
      /tracker\.linear is configured but LINEAR_WEBHOOK_SECRET and LINEAR_API_KEY are not set\. .*\/webhooks\/linear/,
    );
    expect(() => requireLinearCredentials(parseEnv({ LINEAR_WEBHOOK_SECRET: 's' }))).toThrow(/but LINEAR_API_KEY is not set\./);
    expect(requireLinearCredentials(parseEnv({ LINEAR_WEBHOOK_SECRET: 's', LINEAR_API_KEY: 'k' })).apiUrl).toBe(
      'https://api.linear.app/graphql',
    );
  });

  it('without Slack credentials names both variables and the README section', () => {
    expect(() => requireSlackCredentials(parseEnv({}))).toThrow(/SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET.*manifest\.yml.*README/);
    expect(() => requireSlackCredentials(parseEnv({ SLACK_BOT_TOKEN: 'xoxb-1' }))).toThrow(/set SLACK_SIGNING_SECRET\./);
  });
});
