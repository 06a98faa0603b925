import type { Clock } from './clock.js';
import type { Config } from './config/schema.js';
import type { Database, Repositories } from './db/index.js';
import type { Logger } from './observability/logger.js';
import type { Metrics } from './observability/metrics.js';
import type { Directory } from './domain/directory.js';
import type { Poster } from './slack/poster.js';
import type { WebClient } from '@slack/web-api';
import type { TigerCrewService } from './services/tigerCrew.js';
import type { StandupService } from './services/standups.js';
import type { BlockerService } from './services/blockers.js';
import type { ChaosDrillService } from './services/chaosDrill.js';
import type { DemoService } from './services/demo.js';
import type { KickoffService } from './services/kickoff.js';
import type { RetroService } from './services/retro.js';
import type { EventLedger } from './services/events.js';
import type { WorkItemService } from './services/workItems.js';
import type { ChangelogService } from './services/changelog.js';
import type { HomeService } from './services/home.js';
import type { DigestService } from './services/digest.js';

/** Everything a listener, job or route may use, built once in main.ts. */
export interface Deps {
  config: Config;
  directory: Directory;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  db: Database;
  repos: Repositories;
  /** The bot's Web API client, for work outside a Slack request (jobs). */
  slack: WebClient;
  poster: Poster;
  services: {
    tigerCrew: TigerCrewService;
    standups: StandupService;
    blockers: BlockerService;
    chaosDrill: ChaosDrillService;
    demo: DemoService;
    retro: RetroService;
    kickoff: KickoffService;
    events: EventLedger;
    home: HomeService;
    workItems: WorkItemService;
    changelog: ChangelogService;
    digest: DigestService;
  };
}

/** What Slack listeners are given: services and the plain facts they present, never repositories. */
export type ListenerDeps = Pick<Deps, 'config' | 'directory' | 'clock' | 'logger' | 'services'>;
