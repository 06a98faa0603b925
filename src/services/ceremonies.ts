import type { Clock } from '../clock.js';
import type { Config, StreamConfig } from '../config/schema.js';
import type { Stores } from './stores.js';
import { sprintPositionOfDate, type SprintPosition } from '../domain/calendar.js';
import type { Logger } from '../observability/logger.js';
import type { Directory } from '../domain/directory.js';
import type { Messenger, Presenters, Workspace } from './ports.js';

export interface CeremonyDeps {
  config: Config;
  repos: Pick<Stores, 'ceremonies' | 'standups'>;
  clock: Clock;
  directory: Directory;
  poster: Messenger;
  present: Presenters;
  workspace: Workspace;
  logger: Logger;
}

/** A sprint as the ceremony records store it. */
export const sprintRef = (p: SprintPosition) => ({ number: p.sprintNumber, startDate: p.startDate, endDate: p.endDate });

/**
 * What the ceremony services share: the sprint position of a date, people as mentions, streams.
 * Each ceremony of the playbook is a service of its own (chaosDrill, demo, retro, kickoff).
 */
export abstract class CeremonyService {
  constructor(protected readonly deps: CeremonyDeps) {}

  protected position(date: string): SprintPosition {
    const p = sprintPositionOfDate(this.deps.config, date);
    if (p === null) throw new Error(`${date} is outside any sprint`);
    return p;
  }

  protected mention(key: string): string {
    const id = this.deps.directory.people.get(key);
    return id === undefined ? (this.deps.config.people.find((p) => p.key === key)?.name ?? key) : `<@${id}>`;
  }

  protected stream(key: string): StreamConfig {
    return this.deps.config.streams.find((s) => s.key === key) as StreamConfig;
  }
}
