import type { JobHandlers } from './runner.js';
import type { TigerCrewService } from '../services/tigerCrew.js';
import type { StandupService } from '../services/standups.js';
import type { ChaosDrillService } from '../services/chaosDrill.js';
import type { DemoService } from '../services/demo.js';
import type { KickoffService } from '../services/kickoff.js';
import type { RetroService } from '../services/retro.js';
import type { DigestService } from '../services/digest.js';

/**
 * The jobs this version runs. A job of the schedule without a handler here is not run (its
 * feature has not landed yet), and no JobRun is recorded for it.
 */
export function jobHandlers(services: {
  tigerCrew: TigerCrewService;
  standups: StandupService;
  chaosDrill: ChaosDrillService;
  demo: DemoService;
  retro: RetroService;
  kickoff: KickoffService;
  digest: DigestService;
}): JobHandlers {
  return {
    'tiger-crew': async ({ slot }) => services.tigerCrew.announce(slot.date),
    'standup-open': async ({ slot }) => services.standups.open(slot.date),
    'standup-remind': async ({ slot }) => services.standups.remind(slot.date),
    'standup-summary': async ({ slot }) => services.standups.summary(slot.date),
    'sprint-kickoff': async ({ slot }) => services.kickoff.kickoff(slot.date),
    'chaos-drill': async ({ slot }) => services.chaosDrill.chaosDrill(slot.date),
    'chaos-drill-reminder': async ({ slot }) => services.chaosDrill.chaosDrillReminder(slot.date),
    'demo-prep': async ({ slot }) => services.demo.demoPrep(slot.date),
    'demo-day': async ({ slot }) => services.demo.demoDay(slot.date),
    retro: async ({ slot }) => services.retro.retro(slot.date),
    'retro-summary': async ({ slot }) => services.retro.retroSummary(slot.date),
    digest: async ({ slot, lateByMs }) => services.digest.post(slot.date, { lateByMs }),
  };
}
