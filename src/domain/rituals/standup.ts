import { addMinutesToTime } from '../calendar.js';
import type { Ritual } from './ritual.js';

/** The async stand-up: prompts, one reminder, the cross-stream summary. */
export const standup: Ritual = {
  name: 'stand-up',
  // A prompt at 11:00 still collects answers; a reminder at 11:00 for a 09:10 nudge only annoys.
  stillUsefulMs: { 'standup-open': 3 * 3600_000, 'standup-remind': 1 * 3600_000, 'standup-summary': 6 * 3600_000 },
  slots: ({ config, working }) =>
    working
      ? [
          { job: 'standup-open', time: config.standup.time },
          { job: 'standup-remind', time: addMinutesToTime(config.standup.time, config.standup.reminderAfterMinutes) },
          { job: 'standup-summary', time: addMinutesToTime(config.standup.time, config.standup.durationMinutes) },
        ]
      : [],
  preview: ({ config, slot, dayOf, crew }) => {
    switch (slot.job) {
      case 'standup-open':
        return config.streams.map((s) => ({
          channel: s.channel,
          preview: `${s.sprintLabel} ${s.name} stand-up, ${dayOf}; Tiger Crew: ${crew}`,
        }));
      case 'standup-remind':
        return [{ channel: 'DM', preview: `one reminder to each stream member who has not answered by ${slot.time}` }];
      default:
        return [
          {
            channel: config.channels[config.standup.summaryChannel],
            preview: `cross-stream summary of ${config.streams.length} streams: answers, blockers, handoffs, who is out`,
          },
        ];
    }
  },
};
