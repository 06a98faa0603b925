import type { Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import type { Stores } from './stores.js';
import type { Directory } from '../domain/directory.js';
import type { TigerCrewService } from './tigerCrew.js';
import { describeDate, localDate, sprintPosition } from '../domain/calendar.js';
import { personKey } from '../domain/directory.js';

export interface HomeFacts {
  /** null when the person is not in the config. */
  memberKey: string | null;
  standup: 'answered' | 'waiting' | 'none-today';
  openBlockers: { number: number; text: string; state: string }[];
  nextShifts: string[];
}

export interface HomeDeps {
  config: Config;
  directory: Directory;
  clock: Clock;
  repos: Pick<Stores, 'standups' | 'blockers'>;
  tigerCrew: TigerCrewService;
}

/** The App Home: what one person sees besides the sprint. */
export class HomeService {
  constructor(private readonly deps: HomeDeps) {}

  facts(slackUserId: string): Promise<HomeFacts> {
    return homeFacts(this.deps, slackUserId);
  }
}

/** What one person sees on Paceline's Home tab besides the sprint: their day, in one read. */
async function homeFacts(deps: HomeDeps, slackUserId: string): Promise<HomeFacts> {
  const key = personKey(deps.directory, slackUserId) ?? null;
  const today = localDate(deps.clock.now(), deps.config.timezone);
  if (key === null) return { memberKey: null, standup: 'none-today', openBlockers: [], nextShifts: [] };
  const mine = deps.config.streams.filter((s) => s.members.includes(key)).map((s) => s.key);
  const runs = (await deps.repos.standups.runsOn(today)).filter((r) => mine.includes(r.streamKey));
  let standup: HomeFacts['standup'] = 'none-today';
  if (runs.length > 0) {
    const answers = await Promise.all(runs.map((r) => deps.repos.standups.answer(r.id, key)));
    standup = answers.every((a) => a !== null) ? 'answered' : 'waiting';
  }
  const blockers = await deps.repos.blockers.list({ involving: slackUserId });
  const days = sprintPosition(deps.config, deps.clock.now()) === null ? [] : await deps.tigerCrew.upcoming(today, 10);
  return {
    memberKey: key,
    standup,
    openBlockers: blockers.map((b) => ({ number: b.number, text: b.text, state: b.state })),
    nextShifts: days.filter((d) => d.crew.includes(key)).map((d) => describeDate(d.date)),
  };
}
