import type { Config } from '../../src/config/schema.js';
import { exampleConfig } from './paceline.js';

/**
 * The example config grown to `streams` streams of `perStream` people each (people s3-p7, streams
 * s3), for tests and benchmarks at organisation scale. Everything else is the example's.
 */
export function scaledConfig(streams: number, perStream: number): Config {
  const base = exampleConfig();
  const people: Config['people'] = [];
  const list: Config['streams'] = [];
  for (let s = 1; s <= streams; s++) {
    const members = Array.from({ length: perStream }, (_, p) => `s${s}-p${p + 1}`);
    for (const key of members) people.push({ key, name: `Person ${key}`, slack: `@${key}`, ooo: [] });
    list.push({
      ...(base.streams[0] as Config['streams'][number]),
      key: `s${s}`,
      name: `Stream ${s}`,
      channel: `#stream-${s}`,
      lead: members[0] as string,
      qa: members[1],
      devrel: members[2],
      members,
    });
  }
  return {
    ...base,
    people,
    streams: list,
    admins: list.slice(0, 3).map((s) => s.lead),
    tigerCrew: { ...base.tigerCrew, pool: list.flatMap((s) => s.members.slice(3, 5)) },
    chaosDrill: { ...base.chaosDrill, order: list.map((s) => s.key) },
    tracker: {},
  };
}
