import type { Database } from './database.js';
import { JobRunRepository } from './jobRuns.js';
import { ProcessedEventRepository } from './processedEvents.js';
import { RosterRepository } from './roster.js';
import { PostedMessageRepository } from './postedMessages.js';
import { RotationRepository } from './rotations.js';
import { StandupRepository } from './standups.js';
import { BlockerRepository } from './blockers.js';
import { OooRepository } from './ooo.js';
import { CeremonyRepository } from './ceremonies.js';
import { WorkItemRepository } from './workItems.js';
import { ChangelogRepository } from './changelog.js';
import { PullRequestRepository } from './pullRequests.js';

export interface Repositories {
  jobRuns: JobRunRepository;
  processedEvents: ProcessedEventRepository;
  roster: RosterRepository;
  postedMessages: PostedMessageRepository;
  rotations: RotationRepository;
  standups: StandupRepository;
  blockers: BlockerRepository;
  ooo: OooRepository;
  ceremonies: CeremonyRepository;
  workItems: WorkItemRepository;
  changelog: ChangelogRepository;
  pullRequests: PullRequestRepository;
}

export function createRepositories(db: Database): Repositories {
  return {
    jobRuns: new JobRunRepository(db.prisma),
    processedEvents: new ProcessedEventRepository(db.prisma),
    roster: new RosterRepository(db.prisma),
    postedMessages: new PostedMessageRepository(db.prisma),
    rotations: new RotationRepository(db.prisma),
    standups: new StandupRepository(db.prisma),
    blockers: new BlockerRepository(db.prisma),
    ooo: new OooRepository(db.prisma),
    ceremonies: new CeremonyRepository(db.prisma),
    workItems: new WorkItemRepository(db.prisma),
    changelog: new ChangelogRepository(db.prisma),
    pullRequests: new PullRequestRepository(db.prisma),
  };
}

export { openDatabase, type Database } from './database.js';
export { migrate, type MigrationReport } from './migrate.js';
export type { Roster, RosterPerson, RosterStream } from './roster.js';
export type { JobRunRecord, JobRunState } from './jobRuns.js';
