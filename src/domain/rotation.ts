/**
 * The Tiger Crew rotation: who is on duty each working day.
 *
 * Rules, in order: only available people (not OOO) are picked; the fewest duties so far go
 * first; among equals, whoever served longest ago; then pool order. Someone who was away does
 * not come back owing duties: their count is raised to the lowest count among those who stayed,
 * so the return is not a run of back-to-back shifts. Together this keeps duty counts among the
 * people available within one of each other over any stretch.
 *
 * The state after a day depends only on the state before it and that day's inputs, so stored
 * days (already announced, swapped, covered) are never recomputed: the future continues from
 * the stored state, and a person added to the pool later joins at the current lowest count.
 */
export interface RotationMemberState {
  count: number;
  /** ISO date of the last duty, or null. */
  last: string | null;
}

export interface RotationState {
  /** Keyed by person key; people who left the pool keep their entry (they may come back). */
  members: Record<string, RotationMemberState>;
  /** The lowest count among the people available on the last rotated day. */
  floor: number;
}

export function emptyRotation(): RotationState {
  return { members: {}, floor: 0 };
}

/**
 * One working day of the rotation: picks the crew, or, when `decided` is given (a stored day,
 * a swap or a cover), takes that crew as the truth. Either way returns the state after the day.
 */
export function rotateDay(
  state: RotationState,
  pool: readonly string[],
  available: (key: string) => boolean,
  size: number,
  date: string,
  decided?: readonly string[],
): { crew: string[]; state: RotationState } {
  const members: Record<string, RotationMemberState> = { ...state.members };
  const present = pool.filter(available);
  // Newcomers and people back from OOO start at the floor of those who stayed, never below it:
  // an absence is not a debt to be repaid with a run of shifts.
  const floor = state.floor;
  for (const k of present) {
    const m = members[k];
    if (m === undefined) members[k] = { count: floor, last: null };
    else if (m.count < floor) members[k] = { ...m, count: floor };
  }
  const order = new Map(pool.map((k, i) => [k, i]));
  const crew =
    decided !== undefined
      ? [...decided]
      : [...present]
          .sort((a, b) => {
            const ma = members[a] as RotationMemberState;
            const mb = members[b] as RotationMemberState;
            if (ma.count !== mb.count) return ma.count - mb.count;
            if (ma.last !== mb.last) return ma.last === null ? -1 : mb.last === null ? 1 : ma.last < mb.last ? -1 : 1;
            return (order.get(a) ?? 0) - (order.get(b) ?? 0);
          })
          .slice(0, size);
  for (const k of crew) {
    const m = members[k] ?? { count: floor, last: null };
    members[k] = { count: m.count + 1, last: date };
  }
  const counts = present.map((k) => (members[k] as RotationMemberState).count);
  return { crew, state: { members, floor: counts.length === 0 ? floor : Math.min(...counts) } };
}

export type RotationSource = 'rotation' | 'swap' | 'cover';

export interface StoredCrewDay {
  date: string;
  members: { key: string; source: RotationSource; note: string | null }[];
}

export interface OooRecord {
  memberKey: string;
  from: string;
  to: string;
  source: string;
}
