// When work that can wait (an event's, a button's, a blocker's post after its filing) may
// start while requests are arriving. Pure: instants in milliseconds in, how long to wait out.

export interface BurstHold {
  /** How long without a new request counts as the end of a burst. */
  quietMs: number;
  /** The longest a piece of work waits, however long the burst: steady traffic cannot starve it. */
  maxMs: number;
}

/**
 * Milliseconds the work that has waited since `waitingSince` should still wait at `now`, when the
 * last request arrived at `lastArrival` (undefined: none yet): 0 once the burst is over or the
 * work has waited its longest.
 */
export function burstHoldMs(hold: BurstHold, now: number, lastArrival: number | undefined, waitingSince: number): number {
  const quietLeft = lastArrival === undefined ? 0 : hold.quietMs - (now - lastArrival);
  const maxLeft = hold.maxMs - (now - waitingSince);
  return Math.max(0, Math.min(quietLeft, maxLeft));
}
