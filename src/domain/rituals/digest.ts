import { weekdayOf, weeklyDate } from '../calendar.js';
import type { Ritual } from './ritual.js';

/** The Monday executive digest (scheduled and planned; not posted yet). */
export const digest: Ritual = {
  name: 'digest',
  stillUsefulMs: { digest: 6 * 3600_000 },
  slots: ({ config, date }) =>
    weeklyDate(config, date, config.digest.day) === date
      ? [
          {
            job: 'digest',
            time: config.digest.time,
            ...(weekdayOf(date) === config.digest.day ? {} : { note: `moved from ${config.digest.day} (not a working day)` }),
          },
        ]
      : [],
  preview: ({ config }) => [
    {
      channel: config.channels[config.digest.channel],
      preview: `executive digest: status, risks, delivery confidence of ${config.streams.length} streams, burndown chart`,
    },
  ],
};
