// A blocker and its lifecycle: who may change it how, and what each change is refused for.
// Plain data in, plain data out; the service asks here, the database stores the result.
import { refuse, type Refusal } from './result.js';

export type BlockerState = 'open' | 'acked' | 'resolved';

export interface BlockerRecord {
  id: number;
  number: number;
  streamKey: string;
  needsStreamKey: string | null;
  text: string;
  crossStream: boolean;
  reporterSlackId: string;
  ownerSlackId: string | null;
  state: BlockerState;
  escalationLevel: number;
  nextEscalationAt: Date | null;
  channelId: string | null;
  messageTs: string | null;
  resolution: string | null;
  sourceAnswerId: number | null;
  /** The tracker issue whose cross-stream label keeps it open (a Linear id), or null. */
  trackerId: string | null;
  createdAt: Date;
  ackedAt: Date | null;
  resolvedAt: Date | null;
  /** Slack ids of the people who pressed Swarm, in order. */
  swarm: string[];
}

export type BlockerChange = 'ack' | 'resolve' | 'reopen' | 'swarm';

/** What is known about the person asking, to decide whether they may resolve. */
export interface Actor {
  slackId: string;
  /** Their key in the config, if they are in it. */
  key: string | undefined;
}

/** The people a blocker concerns besides its reporter and owner. */
export interface BlockerPeople {
  admins: readonly string[];
  /** Config keys of the leads of the blocked and the needed stream. */
  leads: readonly (string | undefined)[];
  /** Slack ids of today's Tiger Crew. */
  crewToday: readonly string[];
}

/** Who may resolve: the reporter, the owner, the leads of both streams, today's Tiger Crew, admins. */
export function mayResolve(b: Pick<BlockerRecord, 'reporterSlackId' | 'ownerSlackId'>, actor: Actor, people: BlockerPeople): boolean {
  if (actor.slackId === b.reporterSlackId || actor.slackId === b.ownerSlackId) return true;
  if (actor.key !== undefined && (people.admins.includes(actor.key) || people.leads.includes(actor.key))) return true;
  return people.crewToday.includes(actor.slackId);
}

/** Why a change cannot be made to a blocker in its state (and by this person), or null. */
export function changeRefusal(
  change: BlockerChange,
  b: Pick<BlockerRecord, 'number' | 'state'>,
  o: { mayResolve?: boolean } = {},
): Refusal | null {
  const id = `B-${b.number}`;
  const state = (reason: string) => refuse('conflict', reason).refusal;
  switch (change) {
    case 'ack':
      return b.state === 'open' ? null : state(`${id} is ${b.state === 'acked' ? 'already acknowledged' : 'resolved'}.`);
    case 'reopen':
      return b.state === 'resolved' ? null : state(`${id} is not resolved.`);
    case 'swarm':
      return b.state === 'resolved' ? state(`${id} is resolved already; nothing to swarm.`) : null;
    case 'resolve':
      if (b.state === 'resolved') return state(`${id} is already resolved.`);
      return o.mayResolve === false
        ? refuse(
            'not-allowed',
            `Only the reporter, the owner, the stream leads, today's Tiger Crew or an admin can resolve ${id}. Swarm it instead, or ask one of them.`,
          ).refusal
        : null;
  }
}

/** A blocker with the instants its escalation levels were posted (level 0 is the first post). */
export interface BlockerActivity {
  blocker: BlockerRecord;
  escalations: { level: number; at: Date }[];
}

export interface BlockerCounts {
  new: number;
  open: number;
  escalated: number;
}

export interface NewBlocker extends Pick<
  BlockerRecord,
  'streamKey' | 'needsStreamKey' | 'text' | 'crossStream' | 'reporterSlackId' | 'ownerSlackId' | 'sourceAnswerId'
> {
  source: 'command' | 'standup' | 'tracker';
  at: Date;
  /** The Slack request that filed it; a replay of the same request returns the stored blocker. */
  requestId?: string | null;
  /** When its first escalation level is due, decided by the caller from the policy. */
  firstEscalationAt?: Date | null;
  /** The tracker issue it stands for (one blocker per issue). */
  trackerId?: string | null;
}
