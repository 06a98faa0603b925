import type { JobHandlers } from './runner.js';
import type { TigerCrewService } from '../services/tigerCrew.js';
import type { StandupService } from '../services/standups.js';
import type { CeremonyService } from '../services/ceremonies.js';

/**
 * The jobs this version runs. A job of the schedule without a handler here is not run (its
 * feature has not landed yet), and no JobRun is recorded for it.
 */
export function jobHandlers(services: { tigerCrew: TigerCrewService; standups: StandupService; ceremonies: CeremonyService }): JobHandlers {
  const { ceremonies } = services;
  return {
    'tiger-crew': async ({ slot }) => services.tigerCrew.announce(slot.date),
    'standup-open': async ({ slot }) => services.standups.open(slot.date),
    'standup-remind': async ({ slot }) => services.standups.remind(slot.date),
    'standup-summary': async ({ slot }) => services.standups.summary(slot.date),
    'sprint-kickoff': async ({ slot }) => ceremonies.kickoff(slot.date),
    'chaos-drill': async ({ slot }) => ceremonies.chaosDrill(slot.date),
    'chaos-drill-reminder': async ({ slot }) => ceremonies.chaosDrillReminder(slot.date),
    'demo-prep': async ({ slot }) => ceremonies.demoPrep(slot.date),
    'demo-day': async ({ slot }) => ceremonies.demoDay(slot.date),
    retro: async ({ slot }) => ceremonies.retro(slot.date),
    'retro-summary': async ({ slot }) => ceremonies.retroSummary(slot.date),
  };
}
