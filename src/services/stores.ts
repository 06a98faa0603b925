// What the services need from storage, declared here in the domain's words and implemented by
// the repositories in db/ (main.ts hands them over, and the compiler checks they fit). A
// service names only the stores it uses, and a store only the operations some service needs:
// reading a service's deps tells what it can touch.
import type { ChangelogEntryRecord, NewChangelogEntry, SmokeRunRecord } from '../domain/changelog.js';
import type { PullRequestChange, PullRequestRecord } from '../domain/review.js';
import type { BlockerActivity, BlockerCounts, BlockerRecord, BlockerState, NewBlocker } from '../domain/blocker.js';
import type { SprintRef } from '../domain/calendar.js';
import type { PostIntent } from '../domain/posts.js';
import type { RetroContent } from '../domain/retroParser.js';
import type { ChaosDrillRecord } from '../domain/rituals/chaosDrill.js';
import type { RetroActionRecord, RetroRecord } from '../domain/rituals/retro.js';
import type { OooRecord, RotationSource, StoredCrewDay } from '../domain/rotation.js';
import type { AnswerPart, StandupAnswerRecord, StandupRunRecord } from '../domain/standupAnswer.js';
import type { StandupContent } from '../domain/standupParser.js';
import type { WorkHistory, WorkItemChange, WorkItemEventRecord, WorkItemSnapshot, WorkItemSource } from '../domain/workItems.js';

/** Blockers and their audit trail; every change is conditional on the state it was decided from. */
export interface BlockerStore {
  /** Stores many at once (one transaction); a replayed request id returns the stored blocker. */
  createMany(list: readonly NewBlocker[]): Promise<(BlockerRecord & { created: boolean })[]>;
  unposted(limit?: number): Promise<BlockerRecord[]>;
  byNumber(number: number): Promise<BlockerRecord | null>;
  byTrackerId(trackerId: string): Promise<BlockerRecord | null>;
  textsFromAnswer(answerId: number): Promise<string[]>;
  setMessage(id: number, channelId: string, ts: string): Promise<void>;
  setNextEscalation(id: number, at: Date | null, level?: number): Promise<void>;
  /** False when the blocker was no longer in a `from` state (someone else changed it first). */
  transition(o: {
    id: number;
    from: BlockerState[];
    to: BlockerState;
    kind: 'acked' | 'resolved' | 'reopened';
    actorSlackId: string | null;
    at: Date;
    resolution?: string | null;
    nextEscalationAt: Date | null;
    intents?: PostIntent[];
  }): Promise<boolean>;
  /** False when this person already swarms it. */
  swarm(id: number, actorSlackId: string, at: Date, intents?: PostIntent[]): Promise<boolean>;
  due(now: Date): Promise<BlockerRecord[]>;
  /** The earliest escalation deadline of an unresolved blocker, or null. */
  nextEscalation(): Promise<Date | null>;
  /** Claims one escalation level for exactly one sweeper, with the level's posts as intents. */
  claimEscalation(o: {
    id: number;
    fromLevel: number;
    dueAt: Date;
    level: number;
    nextAt: Date | null;
    at: Date;
    late: boolean;
    intents?: PostIntent[];
  }): Promise<boolean>;
  list(filter: { streamKey?: string; involving?: string; includeResolved?: boolean }): Promise<BlockerRecord[]>;
  /** Every stream's unresolved blockers: how many, and when the oldest was filed. */
  openByStream(): Promise<Map<string, { open: number; oldest: Date }>>;
  countsByStream(since: Date): Promise<Map<string, BlockerCounts>>;
  /** Blockers open at some moment of [from, to), with when their escalation levels were posted. */
  activity(from: Date, to: Date): Promise<BlockerActivity[]>;
}

/** Stand-up runs (one per stream and day) and the answers to them. */
export interface StandupStore {
  /** The day's run of each stream, made if missing; in the order given. */
  openRuns(o: {
    streams: { streamKey: string; channelId: string }[];
    date: string;
    sprint: SprintRef;
    at: Date;
  }): Promise<StandupRunRecord[]>;
  setPromptTs(runId: number, ts: string): Promise<void>;
  runById(id: number): Promise<StandupRunRecord | null>;
  runByPrompt(channelId: string, promptTs: string): Promise<StandupRunRecord | null>;
  runsOn(date: string): Promise<StandupRunRecord[]>;
  answersOn(date: string): Promise<StandupAnswerRecord[]>;
  answer(runId: number, memberKey: string): Promise<StandupAnswerRecord | null>;
  /** Changes an answer under a row lock: `change` folds the new part into the stored ones. */
  saveAnswer(
    runId: number,
    memberKey: string,
    at: Date,
    source: 'thread' | 'modal',
    change: (parts: AnswerPart[]) => { parts: AnswerPart[]; content: StandupContent },
  ): Promise<{ answer: StandupAnswerRecord; created: boolean }>;
  /** What a stream's members said they finished between two dates (for the demo post). */
  doneItems(streamKey: string, from: string, to: string): Promise<string[]>;
}

/** Whether a purpose was ever posted (the Messenger owns the rest of the ledger). */
export interface PostLedger {
  get(purpose: string): Promise<{ ts: string | null } | null>;
}

/** Chaos drills, retros and their action items. */
export interface CeremonyStore {
  drill(o: { sprint: SprintRef; week: number; date: string; streamKey: string; ownerKey: string; at: Date }): Promise<ChaosDrillRecord>;
  drillOfWeek(week: number): Promise<ChaosDrillRecord | null>;
  reportDrill(week: number, o: { outcome: string; findings: string; followUps: string; by: string; at: Date }): Promise<void>;
  openRetro(o: { sprint: SprintRef; date: string; channelId: string; at: Date }): Promise<RetroRecord>;
  setRetroThread(id: number, ts: string): Promise<void>;
  retroByThread(channelId: string, threadTs: string): Promise<RetroRecord | null>;
  retroOfSprint(sprintNumber: number): Promise<RetroRecord | null>;
  closeRetro(id: number, at: Date): Promise<void>;
  saveRetroAnswer(o: {
    retroId: number;
    slackUserId: string;
    ts: string;
    text: string;
    at: Date;
    fold: (texts: string[]) => RetroContent;
  }): Promise<RetroContent>;
  retroAnswers(retroId: number): Promise<{ slackUserId: string; content: RetroContent }[]>;
  openActions(): Promise<RetroActionRecord[]>;
}

/** Tiger Crew days once decided: never recomputed. */
export interface RotationStore {
  day(date: string): Promise<StoredCrewDay | null>;
  daysUntil(until: string): Promise<StoredCrewDay[]>;
  storeIfAbsent(date: string, crew: readonly string[], at: Date): Promise<StoredCrewDay>;
  change(o: { date: string; remove: string | null; add: string; source: RotationSource; note: string; at: Date }): Promise<void>;
}

/** Absences told to Paceline (/tiger ooo). */
export interface OooStore {
  add(memberKey: string, from: string, to: string): Promise<void>;
  all(): Promise<OooRecord[]>;
}

/** Work items and their append-only events. */
export interface WorkItemStore {
  byTrackerId(trackerId: string): Promise<WorkItemSnapshot | null>;
  byIdentifier(identifier: string): Promise<WorkItemSnapshot | null>;
  /** The prefixes of the identifiers Paceline knows (GOV of GOV-12), one query. */
  prefixes(): Promise<string[]>;
  all(): Promise<WorkItemSnapshot[]>;
  /** The items of one sprint, removed ones included. */
  inSprint(sprintNumber: number): Promise<WorkItemSnapshot[]>;
  /** Every change, oldest first. */
  events(): Promise<WorkItemEventRecord[]>;
  /** What the digest reads: the items changed since `since` or in sprint `fromSprint` on, with their whole history. */
  history(since: Date, fromSprint: number): Promise<WorkHistory>;
  /** Stores the item as it is now and the changes `diff` finds against what was stored, atomically. */
  record(
    after: WorkItemSnapshot,
    o: { sprint: SprintRef | null; at: Date; source: WorkItemSource; diff: (before: WorkItemSnapshot | null) => WorkItemChange[] },
  ): Promise<WorkItemChange[]>;
}

/** Deliveries seen (Slack event ids, Linear and GitHub delivery ids): each is handled once. */
export interface DeliveryLedger {
  /** True the first time an id is seen. */
  firstDelivery(id: string, source: 'slack' | 'github' | 'linear', at: Date): Promise<boolean>;
  /** Lets an id be handled again (its handling failed before anything was stored). */
  forget(id: string): Promise<void>;
}

/** Changelog entries: one per merge. */
export interface ChangelogStore {
  /** Stores the entry once, with its post's intent and the merge time of the items it names. */
  record(
    entry: NewChangelogEntry,
    o: { identifiers: readonly string[]; intents: readonly PostIntent[]; at: Date },
  ): Promise<{ entry: ChangelogEntryRecord; created: boolean }>;
  publicEntries(limit: number): Promise<ChangelogEntryRecord[]>;
  /** Entries Paceline learned of in [from, to), newest first. */
  recordedBetween(from: Date, to: Date): Promise<ChangelogEntryRecord[]>;
  /** Stores a completed staging smoke run once. */
  recordSmokeRun(run: SmokeRunRecord): Promise<void>;
  /** The latest smoke run of each repository as of an instant. */
  latestSmokeRuns(asOf: Date): Promise<SmokeRunRecord[]>;
}

/** Pull requests watched for a cross-stream review. */
export interface PullRequestStore {
  upsert(sourceId: string, at: Date, next: (stored: PullRequestRecord | null) => PullRequestChange): Promise<PullRequestRecord>;
  bySourceId(sourceId: string): Promise<PullRequestRecord | null>;
  due(now: Date): Promise<PullRequestRecord[]>;
  claimNudge(id: number, at: Date, intents: readonly PostIntent[]): Promise<boolean>;
}

/** Every store, as main.ts hands them to the services. */
export interface Stores {
  blockers: BlockerStore;
  standups: StandupStore;
  postedMessages: PostLedger;
  ceremonies: CeremonyStore;
  rotations: RotationStore;
  ooo: OooStore;
  workItems: WorkItemStore;
  processedEvents: DeliveryLedger;
  changelog: ChangelogStore;
  pullRequests: PullRequestStore;
}
