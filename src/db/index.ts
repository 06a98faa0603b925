import type { Database } from './database.js';
import { JobRunRepository } from './jobRuns.js';
import { ProcessedEventRepository } from './processedEvents.js';
import { RosterRepository } from './roster.js';
import { PostedMessageRepository } from './postedMessages.js';
import { RotationRepository } from './rotations.js';

export interface Repositories {
  jobRuns: JobRunRepository;
  processedEvents: ProcessedEventRepository;
  roster: RosterRepository;
  postedMessages: PostedMessageRepository;
  rotations: RotationRepository;
}

export function createRepositories(db: Database): Repositories {
  return {
    jobRuns: new JobRunRepository(db.prisma),
    processedEvents: new ProcessedEventRepository(db.prisma),
    roster: new RosterRepository(db.prisma),
    postedMessages: new PostedMessageRepository(db.prisma),
    rotations: new RotationRepository(db.prisma),
  };
}

export { openDatabase, type Database } from './database.js';
export { migrate, type MigrationReport } from './migrate.js';
export type { Roster, RosterPerson, RosterStream } from './roster.js';
export type { JobRunRecord, JobRunState } from './jobRuns.js';
export type { StoredCrewDay, RotationSource } from './rotations.js';
