// What the Monday digest says about each stream: status and delivery confidence, and the risks
// worth an executive's attention, ranked, each naming who or which stream should act. Pure: plain
// facts gathered by the digest service in, decisions out.
import { forecast, statusOf, type Forecast, type Status } from './forecast.js';

export interface DigestThresholds {
  onTrack: number;
  atRisk: number;
}

export interface StreamFacts {
  streamKey: string;
  streamName: string;
  lead: string;
  /** Points in the sprint on day 1, now, done now. */
  scopeDay1: number;
  scope: number;
  done: number;
  /** Points completed per working day, oldest first (dailyThroughput). */
  throughput: readonly number[];
  /** The working days from today to the sprint's last one, and that last one. */
  daysAhead: readonly string[];
  deadline: string;
  openBlockers: readonly { number: number; owner: string | null; openedAt: Date; escalationLevel: number; text: string }[];
  /** Stand-up answers last week against those expected (people out excluded). */
  standup: { answered: number; expected: number };
  /** This week's chaos drill, when this stream owns it: reported or not, and its outcome. */
  chaosDrill: { reported: boolean; outcome: string | null } | null;
  /** The latest staging smoke run failed. */
  smokeFailed: boolean;
}

export type RiskKind = 'blocker' | 'scope' | 'standup' | 'chaos-drill' | 'smoke';

export interface Risk {
  kind: RiskKind;
  streamKey: string;
  /** Higher first. */
  weight: number;
  /** Who should act: a person (config key or Slack id) or the stream's lead. */
  owner: string;
  text: string;
}

export interface StreamDigest {
  streamKey: string;
  status: Status | 'not enough history' | 'done';
  forecast: Forecast;
  done: number;
  remaining: number;
  risks: Risk[];
}

const DAY_MS = 24 * 3600_000;

/** The risks of one stream, heaviest first. */
export function streamRisks(f: StreamFacts, now: Date): Risk[] {
  const risks: Risk[] = [];
  for (const b of f.openBlockers) {
    const ageDays = (now.getTime() - b.openedAt.getTime()) / DAY_MS;
    if (b.escalationLevel < 1 && ageDays <= 1) continue;
    risks.push({
      kind: 'blocker',
      streamKey: f.streamKey,
      // Escalated blockers first, then by age.
      weight: 100 + 20 * Math.max(b.escalationLevel, 0) + Math.min(ageDays, 14),
      owner: b.owner ?? f.lead,
      text: `B-${b.number} open ${ageDays < 1 ? 'less than a day' : `${Math.floor(ageDays)} day${Math.floor(ageDays) === 1 ? '' : 's'}`}${b.escalationLevel >= 1 ? `, escalated to level ${b.escalationLevel}` : ''}: ${b.text}`,
    });
  }
  if (f.smokeFailed)
    risks.push({ kind: 'smoke', streamKey: f.streamKey, weight: 90, owner: f.lead, text: 'the latest staging smoke run failed' });
  if (f.chaosDrill !== null && (!f.chaosDrill.reported || f.chaosDrill.outcome === 'failed'))
    risks.push({
      kind: 'chaos-drill',
      streamKey: f.streamKey,
      weight: 70,
      owner: f.lead,
      text: f.chaosDrill.reported ? 'this week’s chaos drill failed' : 'this week’s chaos drill has no report',
    });
  if (f.scopeDay1 > 0 && f.scope > f.scopeDay1 * 1.2) {
    const growth = Math.round(((f.scope - f.scopeDay1) / f.scopeDay1) * 100);
    risks.push({
      kind: 'scope',
      streamKey: f.streamKey,
      weight: 60 + Math.min(growth, 100) / 10,
      owner: f.lead,
      text: `scope grew ${growth} % since day 1`,
    });
  }
  if (f.standup.expected > 0 && f.standup.answered / f.standup.expected < 0.8) {
    const pct = Math.round((f.standup.answered / f.standup.expected) * 100);
    risks.push({ kind: 'standup', streamKey: f.streamKey, weight: 50, owner: f.lead, text: `stand-up participation ${pct} % last week` });
  }
  return risks.sort((a, b) => b.weight - a.weight);
}

/** A stream's status, confidence and risks. */
export function streamDigest(f: StreamFacts, o: { now: Date; thresholds: DigestThresholds; seed: number; trials?: number }): StreamDigest {
  const remaining = f.scope - f.done;
  const fc = forecast({
    remaining,
    history: f.throughput,
    days: f.daysAhead,
    deadline: f.deadline,
    seed: o.seed,
    ...(o.trials === undefined ? {} : { trials: o.trials }),
  });
  const status = fc.kind === 'done' ? 'done' : fc.kind === 'insufficient' ? 'not enough history' : statusOf(fc.probability, o.thresholds);
  return { streamKey: f.streamKey, status, forecast: fc, done: f.done, remaining, risks: streamRisks(f, o.now) };
}

/** The top risks across streams, heaviest first. */
export function topRisks(digests: readonly StreamDigest[], limit: number): Risk[] {
  return digests
    .flatMap((d) => d.risks)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, limit);
}
