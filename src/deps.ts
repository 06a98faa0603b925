import type { Clock } from './clock.js';
import type { Config } from './config/schema.js';
import type { Database, Repositories } from './db/index.js';
import type { Logger } from './observability/logger.js';
import type { Metrics } from './observability/metrics.js';
import type { Directory } from './slack/directory.js';

/** Everything a listener, job or route may use, built once in main.ts. */
export interface Deps {
  config: Config;
  directory: Directory;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  db: Database;
  repos: Repositories;
}
