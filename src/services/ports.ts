// What the services need from the outside world, declared here and implemented elsewhere:
// slack/poster.ts implements Messenger. Services decide what is said to whom; they never build
// a Slack request or import slack/.
import type { BlockerRecord } from '../domain/blocker.js';
import type { ModalFields } from '../domain/standupAnswer.js';
import type { WorkItemSnapshot } from '../domain/workItems.js';
import type { PostIntent } from '../domain/posts.js';
import type { Burndown } from '../domain/burndown.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import type { Directory } from '../domain/directory.js';
import type { Logger } from '../observability/logger.js';

/** What every service is built with: the config, the clock, who is who in Slack, a logger. */
export interface ServiceBasics {
  config: Config;
  clock: Clock;
  directory: Directory;
  logger: Logger;
}

/** A message as it goes out: a fallback text plus presenter-built blocks the service does not read. */
export interface OutgoingMessage {
  text: string;
  blocks?: unknown[];
}

/** A file to upload: PNG bytes and how Slack names it. */
export interface OutgoingFile {
  data: Uint8Array;
  title: string;
  altText: string;
}

export type PostResult = { ts: string; updated: boolean } | { ts: null; updated: false; reason: 'busy' | 'given-up' };

/** One reply a person wrote in a thread. */
export interface ThreadReply {
  ts: string;
  user: string;
  text: string;
}

/** Posting once per purpose, crash-consistently (see slack/poster.ts for how). */
/** One of many messages, each sent once per purpose. */
export interface OnceMessage {
  purpose: string;
  /** A channel, or a person (a user id) to DM. */
  channel: string;
  message: OutgoingMessage;
}

export interface Messenger {
  /** Posts the message of a purpose, or updates it in place when it was posted already. */
  postOnce(purpose: string, channel: string, message: OutgoingMessage, o?: { threadTs?: string }): Promise<PostResult>;
  /** Posts only if nothing was ever posted for this purpose (a reminder, a DM). */
  postIfNew(purpose: string, channel: string, message: OutgoingMessage): Promise<boolean>;
  /**
   * Sends many messages once each, like `postIfNew`, at most `concurrency` Slack calls at once.
   * Each one's outcome: true if posted now, false if it had been (or another attempt holds it),
   * or the error it failed with; every message is tried.
   */
  postEachIfNew(messages: readonly OnceMessage[], o: { concurrency: number }): Promise<(boolean | Error)[]>;
  /** Updates the message of a purpose if it was posted. */
  updateIfPosted(purpose: string, message: OutgoingMessage): Promise<boolean>;
  /** Updates the message of a purpose only if what it should say changed. */
  updateIfChanged(purpose: string, message: OutgoingMessage): Promise<boolean>;
  /** An intent for a repository to write in the same transaction as the change it announces. */
  intent(purpose: string, channel: string, message: OutgoingMessage, threadTs?: string | null): PostIntent;
  /** Delivers intents written in a transaction. */
  deliverStaged(purposes: readonly string[]): Promise<void>;
  /** Adopts a posted-but-unrecorded message that a reply arrived under; its purpose, or null. */
  adoptParent(channel: string, threadTs: string): Promise<string | null>;
  /**
   * Uploads a file once per purpose, shared nowhere (a message shows it by its id), and returns
   * its file id; null when another attempt holds the upload or Slack refused it for good.
   */
  uploadOnce(purpose: string, file: OutgoingFile): Promise<string | null>;
  /** The replies people wrote in a thread, read back from Slack, oldest first. */
  readThread(channel: string, threadTs: string): AsyncIterable<ThreadReply>;
}

/**
 * The ts of a post a caller needs to go on (a thread to store): when another deliverer holds
 * the intent or Slack refused it for good, the caller's job fails and is retried or reported.
 */
export function tsOf(result: PostResult, purpose: string): string {
  if (result.ts !== null) return result.ts;
  throw new Error(
    result.reason === 'busy'
      ? `the post ${purpose} is being delivered by another attempt; retrying later`
      : `Slack refused the post ${purpose} for good`,
  );
}

/** What a blocker's message shows besides the blocker itself. */
export interface BlockerView {
  streamName: string;
  needsStreamName: string | null;
  crew: string[];
  /** "level 1 at 14:00" or null when nothing more is due. */
  nextEscalation: string | null;
}

/** One stream in the stand-up summary. */
export interface StreamSummary {
  name: string;
  answered: number;
  expected: number;
  blockers: { new: number; open: number; escalated: number };
  handoffs: { from: string; to: string | null; text: string }[];
  notAnswered: string[];
}

/** A completed run of the staging smoke workflow. */
export interface SmokeResultView {
  passed: boolean;
  /** GitHub's conclusion: success, failure, cancelled, timed_out, … */
  conclusion: string;
  runNumber: number | null;
  url: string;
  repository: string;
  branch: string | null;
}

/** One stream in the Monday digest. */
export interface DigestStreamView {
  name: string;
  status: 'on track' | 'at risk' | 'off track' | 'not enough history' | 'done';
  done: number;
  remaining: number;
  probability: number | null;
  p50: string | null;
  p85: string | null;
  /** "↑ 1.2 → 1.6 pts/day" or null when there is no earlier sprint. */
  velocity: string | null;
  /** Points per working day this sprint by person; null ("—"): no estimated work, not zero. */
  people?: { name: string; velocity: number | null }[];
}

/** The Monday digest, as the presenter lays it out. */
export interface DigestView {
  title: string;
  /** e.g. "day 10 of 14" */
  sprintDay: string;
  /** All streams together: points done and still to do. */
  total?: { done: number; remaining: number };
  streams: DigestStreamView[];
  risks: { text: string; owner: string; streamName: string }[];
  changelog: { title: string; url: string | null; streamName: string }[];
  blockers: { opened: number; resolved: number; escalated: number; medianAck: string | null; medianResolve: string | null };
  standup: { answered: number; expected: number };
  /** The uploaded chart (files.uploadV2), shown as an image block. */
  chartFileId: string | null;
  /** Posted after its slot (Paceline was down at 08:00). */
  late: string | null;
}

/** An action item from a retro, with its owner's Slack id if one was mentioned. */
export interface ActionItem {
  text: string;
  ownerSlackId: string | null;
}

/**
 * How each message looks: implemented by slack/presenters.ts (Block Kit and mrkdwn live there
 * only). Services pass plain data and get an OutgoingMessage to hand to the Messenger.
 */
export interface Presenters {
  /** People's own text, made safe to repeat inside a message (it can never ping anyone). */
  plain(text: string): string;
  blocker(b: BlockerRecord, view: BlockerView): OutgoingMessage;
  tigerCrew(o: { date: string; crew: ({ slackId: string } | { name: string })[] }): OutgoingMessage;
  standupPrompt(o: {
    streamName: string;
    sprintLabel: string;
    dayText: string;
    crew: string;
    closeAt: string;
    runId: number;
  }): OutgoingMessage;
  standupSummary(o: { date: string; title: string; streams: StreamSummary[]; out: string[]; closed: boolean }): OutgoingMessage;
  /** The stand-up answer form (a Slack modal view). */
  answerForm(o: { runId: number; streamName: string; date: string; fields: ModalFields }): unknown;
  chaosDrill(o: {
    week: number;
    streamName: string;
    owner: string;
    checklist: string[];
    report: { outcome: string; by: string; findings: string; followUps: string } | null;
  }): OutgoingMessage;
  demoPrep(o: { text: string; done: string[] }): OutgoingMessage;
  demoDay(o: { title: string; done: string[] }): OutgoingMessage;
  retro(o: { sprintNumber: number; text: string; summaryAt: string }): OutgoingMessage;
  retroSummary(o: { sprintNumber: number; answers: number; wentWell: string[]; didnt: string[]; actions: ActionItem[] }): OutgoingMessage;
  /** A staging smoke run's result in a stream channel, and the page to the Tiger Crew when it failed. */
  smokeResult(o: SmokeResultView & { streamName: string }): OutgoingMessage;
  smokePage(o: SmokeResultView & { crew: string[] }): OutgoingMessage;
  /** A cross-cutting pull request still waiting for a review from another stream. */
  reviewNudge(o: {
    title: string;
    url: string;
    items: string[];
    hours: number;
    streamNames: string[];
    reviewers: string[];
  }): OutgoingMessage;
  /** A merged pull request, as the changelog channel shows it. */
  changelogEntry(o: { title: string; url: string; streamName: string; items: string[]; author: string | null }): OutgoingMessage;
  /** The Monday executive digest. */
  digest(view: DigestView): OutgoingMessage;
  /** The digest's burndown chart as PNG bytes: the total first, then the streams given. */
  burndownChart(o: {
    burndowns: readonly Burndown[];
    names: ReadonlyMap<string, string>;
    today: string;
    title: string;
  }): Promise<Uint8Array>;
  kickoff(o: { sprintNumber: number; dates: string; calendar: string; open: (ActionItem & { sprintNumber: number })[] }): OutgoingMessage;
}

/** An issue as the work tracker (Linear) has it now. */
export interface TrackerIssue {
  id: string;
  identifier: string;
  title: string;
  url: string | null;
  teamKey: string;
  /** triage | backlog | unstarted | started | completed | canceled */
  stateType: string;
  /** Story points; null when unestimated; absent when the tracker gives no estimates at all. */
  estimate?: number | null;
  assigneeEmail: string | null;
  assigneeName: string | null;
  labels: string[];
  /** The start of the issue's cycle (an ISO instant), or null: in no cycle. */
  cycleStartsAt: string | null;
  startedAt: string | null;
  completedAt: string | null;
}

/** What the work-item service needs from the tracker: read issues back (webhooks are only a hint). */
export interface WorkTracker {
  /** The issue as it is now; null when it no longer exists. */
  issue(id: string): Promise<TrackerIssue | null>;
  /** Every issue of these teams. */
  issuesOfTeams(teamKeys: readonly string[]): Promise<TrackerIssue[]>;
}

/** Whether a Slack user id names someone who can own work here. */
export type PersonStatus = 'member' | 'deactivated' | 'unknown' | 'unanswered';

/** Workspace facts and small side effects the services need besides posting (slack/workspace.ts). */
export interface Workspace {
  /** 'unanswered' when Slack could not say (the caller goes on: a lost blocker is worse). */
  personStatus(slackId: string): Promise<PersonStatus>;
  /** Sets a user group's members; throws with Slack's reason when it cannot. */
  setUserGroup(userGroup: string, slackIds: readonly string[]): Promise<void>;
  /** A link to a message, or '' when Slack cannot give one. */
  permalink(channel: string, ts: string): Promise<string>;
  /** Marks a message with a reaction; best effort. */
  react(channel: string, ts: string, emoji: string): Promise<void>;
}

/** The blockers that stand for work items labelled cross-stream (BlockerService implements it). */
export interface TrackerBlockers {
  /** The state of the item's blocker, or null when none was filed. */
  stateOf(trackerId: string): Promise<'open' | 'acked' | 'resolved' | null>;
  /** Files the item's blocker (once per item, whatever happens in between) and shows it. */
  open(item: WorkItemSnapshot): Promise<void>;
  reopen(trackerId: string, note: string): Promise<void>;
  resolve(trackerId: string, note: string): Promise<void>;
}
