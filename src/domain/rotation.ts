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
}

export function emptyRotation(): RotationState {
  return { members: {} };
}

function lowestCount(state: RotationState, keys: string[]): number {
  const counts = keys.map((k) => state.members[k]?.count).filter((c): c is number => c !== undefined);
  return counts.length === 0 ? 0 : Math.min(...counts);
}

/** Picks the crew for one working day and returns it with the state after the day. */
export function pickCrew(
  state: RotationState,
  pool: readonly string[],
  available: (key: string) => boolean,
  size: number,
  date: string,
): { crew: string[]; state: RotationState } {
  const members: Record<string, RotationMemberState> = { ...state.members };
  const present = pool.filter(available);
  const floor = lowestCount(
    { members },
    present.filter((k) => members[k] !== undefined),
  );
  for (const k of present) {
    const m = members[k];
    // Newcomers and returners start at the floor of those present, never below it.
    if (m === undefined) members[k] = { count: floor, last: null };
    else if (m.count < floor) members[k] = { ...m, count: floor };
  }
  const order = new Map(pool.map((k, i) => [k, i]));
  const ranked = [...present].sort((a, b) => {
    const ma = members[a] as RotationMemberState;
    const mb = members[b] as RotationMemberState;
    if (ma.count !== mb.count) return ma.count - mb.count;
    if (ma.last !== mb.last) return ma.last === null ? -1 : mb.last === null ? 1 : ma.last < mb.last ? -1 : 1;
    return (order.get(a) ?? 0) - (order.get(b) ?? 0);
  });
  const crew = ranked.slice(0, size);
  for (const k of crew) {
    const m = members[k] as RotationMemberState;
    members[k] = { count: m.count + 1, last: date };
  }
  return { crew, state: { members } };
}

/** Records a crew decided elsewhere (a swap or cover) so the rotation continues from the truth. */
export function recordCrew(state: RotationState, crew: readonly string[], date: string): RotationState {
  const members: Record<string, RotationMemberState> = { ...state.members };
  for (const k of crew) {
    const m = members[k] ?? { count: lowestCount(state, Object.keys(state.members)), last: null };
    members[k] = { count: m.count + 1, last: date };
  }
  return { members };
}

/** The chaos-drill owner stream of a sprint week, cycling through the configured order. */
export function chaosDrillStream(order: readonly string[], week: number): string {
  return order[(((week - 1) % order.length) + order.length) % order.length] as string;
}

/**
 * The owner person of that week: each time a stream's turn comes round, the next of its
 * members (in config order) owns the drill.
 */
export function chaosDrillOwner(order: readonly string[], members: readonly string[], week: number): string {
  const turn = Math.floor((week - 1) / order.length);
  return members[turn % members.length] as string;
}
