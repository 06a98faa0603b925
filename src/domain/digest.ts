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
  /** Points in the sprint at the baseline (the first working day), now, done now. */
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
  /** Handoffs other streams' stand-up answers addressed to this stream last week, oldest first. */
  handoffsIn: readonly { fromStreamName: string; text: string; date: string }[];
}

export type RiskKind = 'blocker' | 'scope' | 'standup' | 'chaos-drill' | 'smoke' | 'handoff';

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
      text: `scope grew ${growth} % since the sprint was planned`,
    });
  }
  if (f.handoffsIn.length > 0) {
    const n = f.handoffsIn.length;
    const latest = f.handoffsIn[n - 1] as StreamFacts['handoffsIn'][number];
    const from = [...new Set(f.handoffsIn.map((h) => h.fromStreamName))].join(', ');
    risks.push({
      kind: 'handoff',
      streamKey: f.streamKey,
      weight: 52 + Math.min(n, 8),
      owner: f.lead,
      text: `${n} handoff${n === 1 ? '' : 's'} asked of it in last week’s stand-ups by ${from}; latest (${latest.date}): “${latest.text.length > 120 ? `${latest.text.slice(0, 119)}…` : latest.text}”`,
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

/** Last week's blockers in numbers, as the digest shows them. */
export interface BlockerWeek {
  opened: number;
  resolved: number;
  /** Blockers that reached escalation level 1 or more during the week. */
  escalated: number;
  /** Median time from filing to the first response (acknowledged, or resolved without one). */
  medianAckMs: number | null;
  medianResolveMs: number | null;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * Blocker statistics of [from, to): filed, resolved and escalated in the window; the median time
 * to acknowledge of those filed in it (as far as known now), and to resolve of those resolved in it.
 */
export function blockerWeek(
  rows: readonly { createdAt: Date; ackedAt: Date | null; resolvedAt: Date | null; escalations: readonly { level: number; at: Date }[] }[],
  from: Date,
  to: Date,
): BlockerWeek {
  const within = (d: Date | null) => d !== null && d >= from && d < to;
  const opened = rows.filter((r) => within(r.createdAt));
  const resolved = rows.filter((r) => within(r.resolvedAt));
  const firstResponse = (r: (typeof rows)[number]) => r.ackedAt ?? r.resolvedAt;
  return {
    opened: opened.length,
    resolved: resolved.length,
    escalated: rows.filter((r) => r.escalations.some((e) => e.level >= 1 && within(e.at))).length,
    medianAckMs: median(
      opened.flatMap((r) => (firstResponse(r) === null ? [] : [(firstResponse(r) as Date).getTime() - r.createdAt.getTime()])),
    ),
    medianResolveMs: median(resolved.map((r) => (r.resolvedAt as Date).getTime() - r.createdAt.getTime())),
  };
}

/** "3 h 20 min", "2 d 4 h", "45 min": how long, for people. */
export function describeDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

/**
 * A stream's velocity trend: the mean of the earlier sprints against the current one, e.g.
 * "↑ 1.2 → 1.6 pts/day"; null with no earlier sprint to compare with.
 */
export function velocityTrend(earlier: readonly number[], current: number): string | null {
  if (earlier.length === 0) return null;
  const before = Math.round((earlier.reduce((a, b) => a + b, 0) / earlier.length) * 10) / 10;
  const now = Math.round(current * 10) / 10;
  const arrow = now > before ? '↑' : now < before ? '↓' : '→';
  return `${arrow} ${before} → ${now} pts/day`;
}
