// The scheduled jobs and their slots: what the rituals ask for and the runner claims.

/** Every scheduled job of DESIGN §3 (the every-minute escalation sweep is not a slot job). */
export const JOBS = [
  'sprint-kickoff',
  'digest',
  'tiger-crew',
  'demo-day',
  'standup-open',
  'standup-remind',
  'standup-summary',
  'chaos-drill',
  'retro',
  'demo-prep',
  'chaos-drill-reminder',
  'retro-summary',
] as const;
export type JobName = (typeof JOBS)[number];

export interface Slot {
  job: JobName;
  /** The instant the job is due. Its ISO form is the slot key: one run per (job, slot). */
  at: Date;
  /** Local date and wall-clock time in the sprint timezone. */
  date: string;
  time: string;
  sprintNumber: number;
  day: number;
  /** Why the slot is where it is when it moved, e.g. a ceremony on a weekend. */
  note?: string;
}

/**
 * How long to wait before waking for something due at `due` (an escalation deadline), when it is
 * within `withinMs` of `now`; null when nothing is due that soon (the next minute tick looks
 * again). Due already: 0.
 */
export function wakeDelay(now: Date, due: Date | null, withinMs: number): number | null {
  if (due === null) return null;
  const delay = due.getTime() - now.getTime();
  if (delay <= 0) return 0;
  return delay <= withinMs ? delay : null;
}
