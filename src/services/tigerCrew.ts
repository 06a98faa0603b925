import type { WebClient } from '@slack/web-api';
import type { Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import type { Repositories } from '../db/index.js';
import { describeDate } from '../domain/calendar.js';
import { tigerCrews } from '../domain/plan.js';
import type { Logger } from '../observability/logger.js';
import { context, escapeText, section } from '../slack/blocks.js';
import { channelId, type Directory } from '../slack/directory.js';
import type { Poster } from '../slack/poster.js';

export interface TigerCrewDeps {
  config: Config;
  repos: Pick<Repositories, 'rotations'>;
  clock: Clock;
  directory: Directory;
  poster: Poster;
  slack: WebClient;
  logger: Logger;
}

export class TigerCrewService {
  constructor(private readonly deps: TigerCrewDeps) {}

  /**
   * The crew of a day: as stored when it was decided, else computed from the stored history
   * (exactly what `paceline plan` predicts when nothing was swapped) and stored, so that later
   * config changes never rewrite a day people were told about.
   */
  async crewFor(date: string): Promise<string[]> {
    const stored = await this.deps.repos.rotations.daysUntil(date);
    const decided = new Map(stored.map((d) => [d.date, d.members.map((m) => m.key)]));
    const known = decided.get(date);
    if (known !== undefined) return known;
    const crew = tigerCrews(this.deps.config, date, decided).get(date) ?? [];
    const saved = await this.deps.repos.rotations.storeIfAbsent(date, crew, this.deps.clock.now());
    return saved.members.map((m) => m.key);
  }

  private mention(key: string): string {
    const id = this.deps.directory.people.get(key);
    return id === undefined ? escapeText(this.deps.config.people.find((p) => p.key === key)?.name ?? key) : `<@${id}>`;
  }

  /** The 08:55 announcement in the Tiger channel (and the user group, when configured). */
  async announce(date: string): Promise<string> {
    const { config, directory, poster } = this.deps;
    const crew = await this.crewFor(date);
    const text =
      crew.length === 0
        ? `No Tiger Crew for ${describeDate(date)}: everyone in the pool is out. Leads, please cover blockers today.`
        : `:tiger: Tiger Crew for ${describeDate(date)}: ${crew.map((k) => this.mention(k)).join(' and ')}. You swarm today's blockers.`;
    await poster.postOnce(`tiger-crew:${date}`, channelId(directory, config.channels[config.tigerCrew.channel]), {
      text,
      blocks: [section(text), context('New blockers page the Tiger Crew at once · `/tiger` shows the next days')],
    });
    const userGroup = config.tigerCrew.userGroup;
    if (userGroup !== undefined && crew.length > 0) {
      const users = crew.map((k) => directory.people.get(k)).filter((u): u is string => u !== undefined);
      try {
        await this.deps.slack.usergroups.users.update({ usergroup: userGroup, users: users.join(',') });
      } catch (err) {
        // The announcement is what matters; a user group that cannot be updated is reported, not fatal.
        this.deps.logger.warn({ err, userGroup }, 'could not update the Tiger Crew user group');
        return `crew ${crew.join(', ')}; user group ${userGroup} not updated: ${(err as Error).message}`;
      }
    }
    return `crew ${crew.join(', ')}`;
  }
}
