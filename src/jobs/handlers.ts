import type { JobHandlers } from './runner.js';
import type { TigerCrewService } from '../services/tigerCrew.js';
import type { StandupService } from '../services/standups.js';

/**
 * The jobs this version runs. A job of the schedule without a handler here is not run (its
 * feature has not landed yet), and no JobRun is recorded for it.
 */
export function jobHandlers(services: { tigerCrew: TigerCrewService; standups: StandupService }): JobHandlers {
  return {
    'tiger-crew': async ({ slot }) => services.tigerCrew.announce(slot.date),
    'standup-open': async ({ slot }) => services.standups.open(slot.date),
    'standup-remind': async ({ slot }) => services.standups.remind(slot.date),
    'standup-summary': async ({ slot }) => services.standups.summary(slot.date),
  };
}
