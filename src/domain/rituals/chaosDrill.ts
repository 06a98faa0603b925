import { sprintWeek, weekdayOf, weeklyDate } from '../calendar.js';
import type { Ritual } from './ritual.js';

/** The chaos-drill owner stream of a sprint week, cycling through the configured order. */
export function chaosDrillStream(order: readonly string[], week: number): string {
  return order[(((week - 1) % order.length) + order.length) % order.length] as string;
}

/**
 * The owner person of that week: each time a stream's turn comes round, the next of its
 * members (in config order) owns the drill.
 */
export function chaosDrillOwner(order: readonly string[], members: readonly string[], week: number): string {
  const turn = Math.floor((week - 1) / order.length);
  return members[turn % members.length] as string;
}

/** The weekly chaos drill: Monday's owner post and Friday's reminder if it has no report. */
export const chaosDrill: Ritual = {
  name: 'chaos drill',
  stillUsefulMs: { 'chaos-drill': 6 * 3600_000, 'chaos-drill-reminder': 6 * 3600_000 },
  slots: ({ config, date }) => {
    const out: { job: 'chaos-drill' | 'chaos-drill-reminder'; time: string; note?: string }[] = [];
    if (weeklyDate(config, date, config.chaosDrill.day) === date && sprintWeek(config, date) !== null) {
      out.push({
        job: 'chaos-drill',
        time: config.chaosDrill.time,
        ...(weekdayOf(date) === config.chaosDrill.day ? {} : { note: `moved from ${config.chaosDrill.day} (not a working day)` }),
      });
    }
    if (weeklyDate(config, date, config.chaosDrill.reportReminderDay) === date && weekdayOf(date) !== config.chaosDrill.day) {
      out.push({ job: 'chaos-drill-reminder', time: config.chaosDrill.time });
    }
    return out;
  },
  preview: ({ config, slot, names }) => {
    const week = sprintWeek(config, slot.date) as number;
    const streamKey = chaosDrillStream(config.chaosDrill.order, week);
    const stream = config.streams.find((s) => s.key === streamKey);
    const owner = chaosDrillOwner(config.chaosDrill.order, stream?.members ?? [], week);
    if (slot.job === 'chaos-drill-reminder')
      return [{ channel: 'DM', preview: `to ${names([owner])} if the week ${week} chaos drill has no report yet` }];
    return [
      {
        channel: stream?.channel ?? config.channels.crossStream,
        preview: `chaos drill week ${week}: ${stream?.name ?? streamKey}, owner ${names([owner])}; ${config.chaosDrill.checklist.length}-item checklist, Report button`,
      },
    ];
  },
};

export interface ChaosDrillRecord {
  id: number;
  week: number;
  date: string;
  streamKey: string;
  ownerKey: string;
  outcome: string | null;
  findings: string | null;
  followUps: string | null;
  reportedBy: string | null;
  reportedAt: Date | null;
}
