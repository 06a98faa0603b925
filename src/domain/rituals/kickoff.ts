import { addDays, isWorkingDay } from '../calendar.js';
import type { Ritual } from './ritual.js';

/** The first working day of each sprint opens with the kickoff (open retro actions). */
export const kickoff: Ritual = {
  name: 'sprint kickoff',
  stillUsefulMs: { 'sprint-kickoff': 6 * 3600_000 },
  slots: ({ config, date, position, working }) => {
    if (!working) return [];
    let first = position.startDate;
    while (!isWorkingDay(config, first) && first < position.endDate) first = addDays(first, 1);
    return first === date ? [{ job: 'sprint-kickoff', time: config.ceremonies.kickoffAt }] : [];
  },
  preview: ({ config, slot }) => [
    {
      channel: config.channels.crossStream,
      preview: `sprint ${slot.sprintNumber} kickoff: dates, demo and retro days, open actions from the last retro`,
    },
  ],
};
