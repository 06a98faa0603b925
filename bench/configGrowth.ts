// npm run bench (growth, second part): how `paceline check-config` and `paceline plan` (a whole
// sprint) grow with the organisation — 10, 100 and 1,000 people — run as people run them (the
// built CLI in a process of its own), against `node` starting and exiting (the floor) in the
// same run. The configs are the example's with its people and streams replaced.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { scaledConfig } from '../test/support/scaledConfig.js';
import { record } from './support/summary.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'paceline.js');
const dir = mkdtempSync(path.join(tmpdir(), 'paceline-bench-config-'));
const example = readFileSync(path.join(ROOT, 'paceline.example.yml'), 'utf8');

/** The example file with `streams` streams of `perStream` people, as YAML a person would write. */
function configFile(streams: number, perStream: number): string {
  const c = scaledConfig(streams, perStream);
  const doc = parseDocument(example);
  doc.set(
    'people',
    c.people.map((p) => ({ key: p.key, name: p.name, slack: p.slack })),
  );
  doc.set(
    'streams',
    c.streams.map((s) => ({
      key: s.key,
      name: s.name,
      sprintLabel: s.sprintLabel,
      channel: s.channel,
      lead: s.lead,
      qa: s.qa,
      devrel: s.devrel,
      members: s.members,
    })),
  );
  doc.set('admins', c.admins);
  doc.setIn(['tigerCrew', 'pool'], c.tigerCrew.pool);
  doc.setIn(['chaosDrill', 'order'], c.chaosDrill.order);
  const file = path.join(dir, `paceline-${streams * perStream}.yml`);
  writeFileSync(file, doc.toString());
  return file;
}

/** The median wall time of a command over a few runs, in ms; it must succeed. */
function time(args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[2] as number;
}

try {
  const floor = time(['-e', '']);
  console.log(`CLI wall time (median of 5), against node starting and exiting: ${floor.toFixed(0)} ms`);
  const base: Record<string, number> = {};
  for (const [streams, perStream] of [
    [2, 5],
    [10, 10],
    [50, 20],
  ] as const) {
    const file = configFile(streams, perStream);
    const people = streams * perStream;
    const rows = {
      'check-config': time([BIN, 'check-config', file]),
      'plan (14 days)': time([BIN, 'plan', '--config', file, '--format', 'json']),
    };
    for (const [name, ms] of Object.entries(rows)) {
      base[name] ??= ms;
      if (streams === 50)
        record({
          measure: `Growth: ${name}, 1,000 vs 10 people`,
          value: `${(ms / base[name]).toFixed(2)}×`,
          goal: 'reported',
          met: null,
        });
      console.log(
        `${String(people).padStart(5)} people  ${name.padEnd(15)} ${ms.toFixed(0).padStart(6)} ms  (${(ms / floor).toFixed(1)}× node's start, ${(ms / base[name]).toFixed(2)}× at 10 people)`,
      );
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
