import type { Config } from '../../config/schema.js';
import type { SprintPosition } from '../calendar.js';
import type { JobName, Slot } from '../jobs.js';

/** The part of the config the rituals' schedules read. */
export type RitualConfig = Pick<
  Config,
  'timezone' | 'workingDays' | 'holidays' | 'sprint' | 'standup' | 'tigerCrew' | 'chaosDrill' | 'digest' | 'ceremonies'
>;

/** A local date in the sprint, as each ritual sees it when asked for its slots. */
export interface RitualDay {
  config: RitualConfig;
  date: string;
  position: SprintPosition;
  working: boolean;
}

/** A slot a ritual asks for: its job, the wall-clock time, and why it moved (if it did). */
export interface RitualSlot {
  job: JobName;
  time: string;
  note?: string;
}

/** What `paceline plan` says of a slot: where it goes and what it will say. */
export interface PlanContext {
  config: Config;
  slot: Slot;
  /** "day 5 of 14" */
  dayOf: string;
  /** Today's Tiger Crew by name, or "nobody available". */
  crew: string;
  /** People's names for config keys. */
  names: (keys: readonly string[]) => string;
}

/**
 * One ritual of the playbook (Tiger Crew, stand-up, chaos drill, demo, retro, kickoff,
 * digest): its jobs, the slots it needs on a date, how long a missed slot stays useful, and
 * its preview in `paceline plan`. The schedule and the plan iterate over all of them.
 */
export interface Ritual {
  name: string;
  /** How long after its instant a missed slot of each job is still worth running. */
  stillUsefulMs: Partial<Record<JobName, number>>;
  slots(day: RitualDay): RitualSlot[];
  preview(ctx: PlanContext): { channel: string; preview: string }[];
}
