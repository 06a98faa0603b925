import type { JobHandlers } from './runner.js';
import type { TigerCrewService } from '../services/tigerCrew.js';

/**
 * The jobs this version runs. A job of the schedule without a handler here is not run (its
 * feature has not landed yet), and no JobRun is recorded for it.
 */
export function jobHandlers(services: { tigerCrew: TigerCrewService }): JobHandlers {
  return {
    'tiger-crew': async ({ slot }) => services.tigerCrew.announce(slot.date),
  };
}
