import type { Database } from './database.js';
import { JobRunRepository } from './jobRuns.js';
import { ProcessedEventRepository } from './processedEvents.js';
import { RosterRepository } from './roster.js';

export interface Repositories {
  jobRuns: JobRunRepository;
  processedEvents: ProcessedEventRepository;
  roster: RosterRepository;
}

export function createRepositories(db: Database): Repositories {
  return {
    jobRuns: new JobRunRepository(db.prisma),
    processedEvents: new ProcessedEventRepository(db.prisma),
    roster: new RosterRepository(db.prisma),
  };
}

export { openDatabase, type Database } from './database.js';
export { migrate, type MigrationReport } from './migrate.js';
export type { Roster, RosterPerson, RosterStream } from './roster.js';
