/**
 * The escalation policy as a function of time: given a blocker and the levels of the config,
 * which level is next and when it is due. Deadlines are absolute instants counted from the
 * blocker's creation, so a restart or an outage never moves them.
 */
export interface EscalationLevel {
  level: number;
  /** Milliseconds after the blocker was filed. */
  after: number;
  /** The level applies only to blockers with one of these tags; empty = every blocker. */
  tags: readonly string[];
  notify: readonly string[];
}

export interface EscalationPolicy {
  levels: readonly EscalationLevel[];
  ackStopsCurrentLevel: boolean;
}

export interface BlockerClock {
  createdAt: Date;
  crossStream: boolean;
  /** The highest level already escalated, -1 when none. */
  escalationLevel: number;
  state: 'open' | 'acked' | 'resolved';
  /** When it was acknowledged (acked state), if it was. */
  ackedAt: Date | null;
}

export function tagsOf(b: Pick<BlockerClock, 'crossStream'>): string[] {
  return b.crossStream ? ['cross-stream'] : [];
}

export function applicableLevels(policy: EscalationPolicy, b: Pick<BlockerClock, 'crossStream'>): EscalationLevel[] {
  const tags = tagsOf(b);
  return [...policy.levels].filter((l) => l.tags.length === 0 || l.tags.some((t) => tags.includes(t))).sort((a, b2) => a.level - b2.level);
}

/**
 * The next level to escalate and its due instant, or null when nothing more will happen.
 * Resolved blockers never escalate. With `ackStopsCurrentLevel`, an acknowledgement cancels
 * the level that was pending when it came (PagerDuty-style); later levels keep their clock.
 */
export function nextEscalation(policy: EscalationPolicy, b: BlockerClock): { level: EscalationLevel; dueAt: Date } | null {
  if (b.state === 'resolved') return null;
  for (const level of applicableLevels(policy, b)) {
    if (level.level <= b.escalationLevel) continue;
    const dueAt = new Date(b.createdAt.getTime() + level.after);
    if (policy.ackStopsCurrentLevel && b.state === 'acked' && b.ackedAt !== null && b.ackedAt < dueAt) {
      // The acknowledgement came while this level was the pending one: it stops this level only.
      const previous = applicableLevels(policy, b).filter((l) => l.level < level.level);
      const pendingAtAck = previous.every((l) => b.createdAt.getTime() + l.after <= b.ackedAt!.getTime());
      if (pendingAtAck) continue;
    }
    return { level, dueAt };
  }
  return null;
}
