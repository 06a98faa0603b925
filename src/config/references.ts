import { IANAZone } from 'luxon';
import type { Config } from './schema.js';

export interface ConfigProblem {
  /** Where in the file, e.g. ["streams", 1, "lead"]. */
  path: (string | number)[];
  message: string;
}

function list(values: Iterable<string>): string {
  return [...values].join(', ');
}

/**
 * Checks what a schema cannot: that every name used in one place is declared in another,
 * that keys are unique, and that the calendar makes sense. Runs on a schema-valid config.
 */
export function checkReferences(config: Config): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (path: (string | number)[], message: string) => problems.push({ path, message });

  if (!IANAZone.isValidZone(config.timezone)) {
    add(['timezone'], `"${config.timezone}" is not a time zone (expected an IANA name such as America/Los_Angeles)`);
  }

  const firstIndex = new Map<string, number>();
  config.people.forEach((p, i) => {
    const seen = firstIndex.get(p.key);
    if (seen !== undefined) add(['people', i, 'key'], `"${p.key}" is declared twice (first at people[${seen}])`);
    else firstIndex.set(p.key, i);
    if (p.timezone !== undefined && !IANAZone.isValidZone(p.timezone)) {
      add(['people', i, 'timezone'], `"${p.timezone}" is not a time zone (expected an IANA name such as Europe/Berlin)`);
    }
    p.ooo.forEach((r, j) => {
      if (r.from > r.to) add(['people', i, 'ooo', j], `starts ${r.from} after it ends ${r.to}`);
    });
  });
  const slackSeen = new Map<string, number>();
  config.people.forEach((p, i) => {
    const seen = slackSeen.get(p.slack.toLowerCase());
    if (seen !== undefined) add(['people', i, 'slack'], `"${p.slack}" is already used by people[${seen}]`);
    else slackSeen.set(p.slack.toLowerCase(), i);
  });

  const people = new Set(config.people.map((p) => p.key));
  const personRef = (path: (string | number)[], k: string) => {
    if (!people.has(k)) add(path, `"${k}" is not declared in people (declared: ${list(people)})`);
  };

  const streamIndex = new Map<string, number>();
  const members = new Set<string>();
  config.streams.forEach((s, i) => {
    const seen = streamIndex.get(s.key);
    if (seen !== undefined) add(['streams', i, 'key'], `"${s.key}" is declared twice (first at streams[${seen}])`);
    else streamIndex.set(s.key, i);
    const inStream = new Set<string>();
    s.members.forEach((m, j) => {
      personRef(['streams', i, 'members', j], m);
      if (inStream.has(m)) add(['streams', i, 'members', j], `"${m}" is listed twice in this stream`);
      inStream.add(m);
      members.add(m);
    });
    for (const role of ['lead', 'qa', 'devrel'] as const) {
      const who = s[role];
      if (who === undefined) continue;
      if (!people.has(who)) personRef(['streams', i, role], who);
      else if (!inStream.has(who)) {
        add(['streams', i, role], `"${who}" is not a member of stream "${s.key}" (add them to streams[${i}].members)`);
      }
    }
  });
  const streamKeys = new Set(config.streams.map((s) => s.key));

  for (const [team, stream] of Object.entries(config.tracker.linear?.teams ?? {})) {
    if (!/^[A-Z][A-Z0-9]{0,9}$/.test(team)) add(['tracker', 'linear', 'teams', team], 'expected a Linear team key, e.g. GOV');
    if (!streamKeys.has(stream))
      add(['tracker', 'linear', 'teams', team], `"${stream}" is not declared in streams (declared: ${list(streamKeys)})`);
  }
  if (config.digest.atRisk >= config.digest.onTrack)
    add(
      ['digest', 'atRisk'],
      `${config.digest.atRisk} is not below digest.onTrack (${config.digest.onTrack}); "at risk" must sit between off track and on track`,
    );
  const github = config.tracker.github;
  for (const [repo, stream] of Object.entries(github?.repositories ?? {})) {
    if (!/^[\w.-]+\/[\w.-]+$/.test(repo))
      add(['tracker', 'github', 'repositories', repo], 'expected a repository as owner/name, e.g. acme/api');
    if (!streamKeys.has(stream))
      add(['tracker', 'github', 'repositories', repo], `"${stream}" is not declared in streams (declared: ${list(streamKeys)})`);
  }
  github?.public.forEach((repo, i) => {
    if (github.repositories[repo] === undefined)
      add(['tracker', 'github', 'public', i], `"${repo}" is not in tracker.github.repositories (add it there with its stream)`);
  });
  const linearSeen = new Map<string, number>();
  config.people.forEach((p, i) => {
    if (p.linear === undefined) return;
    const seen = linearSeen.get(p.linear.toLowerCase());
    if (seen !== undefined) add(['people', i, 'linear'], `"${p.linear}" is also people[${seen}]'s Linear account`);
    else linearSeen.set(p.linear.toLowerCase(), i);
  });

  config.tigerCrew.pool.forEach((k, i) => personRef(['tigerCrew', 'pool', i], k));
  const poolSize = new Set(config.tigerCrew.pool).size;
  if (config.tigerCrew.size > poolSize) {
    add(['tigerCrew', 'size'], `${config.tigerCrew.size} people a day but the pool has only ${poolSize} (expected at most ${poolSize})`);
  }
  config.admins.forEach((k, i) => personRef(['admins', i], k));

  config.chaosDrill.order.forEach((k, i) => {
    if (!streamKeys.has(k)) add(['chaosDrill', 'order', i], `"${k}" is not a stream key (expected one of ${list(streamKeys)})`);
  });

  const { lengthDays, demoDay, retroDay } = config.sprint;
  if (demoDay > lengthDays)
    add(['sprint', 'demoDay'], `day ${demoDay} lies outside the ${lengthDays}-day sprint (expected 1–${lengthDays})`);
  if (retroDay > lengthDays)
    add(['sprint', 'retroDay'], `day ${retroDay} lies outside the ${lengthDays}-day sprint (expected 1–${lengthDays})`);

  const levels = new Map<number, number>();
  let previousDelay = -1;
  config.escalation.levels.forEach((l, i) => {
    const seen = levels.get(l.level);
    if (seen !== undefined)
      add(['escalation', 'levels', i, 'level'], `level ${l.level} is declared twice (first at escalation.levels[${seen}])`);
    levels.set(l.level, i);
    if (l.after < previousDelay) {
      add(
        ['escalation', 'levels', i, 'after'],
        'levels must be listed in order of their delay (expected a delay no shorter than the level before)',
      );
    }
    previousDelay = l.after;
  });

  const holidaySeen = new Set<string>();
  config.holidays.forEach((h, i) => {
    if (holidaySeen.has(h)) add(['holidays', i], `${h} is listed twice`);
    holidaySeen.add(h);
  });

  // A stream member that no stream lists cannot be paged for that stream; say so early.
  config.people.forEach((p, i) => {
    if (!members.has(p.key) && !config.tigerCrew.pool.includes(p.key) && !config.admins.includes(p.key)) {
      add(['people', i], `"${p.key}" is in no stream, not in the Tiger Crew pool and not an admin (remove them or add them somewhere)`);
    }
  });

  return problems;
}
