import { ceremonyDate, describeDate } from '../calendar.js';
import type { Ritual } from './ritual.js';

/** Day 14: the retro and planning thread, then its summary. */
export const retro: Ritual = {
  name: 'retro',
  stillUsefulMs: { retro: 6 * 3600_000, 'retro-summary': 6 * 3600_000 },
  slots: ({ config, date, position }) => {
    const day = ceremonyDate(config, position.sprintNumber, config.sprint.retroDay);
    if (day.date !== date) return [];
    const note = day.movedFrom === undefined ? {} : { note: `retro moved from ${describeDate(day.movedFrom)} (not a working day)` };
    return [
      { job: 'retro', time: config.ceremonies.retroAt, ...note },
      { job: 'retro-summary', time: config.ceremonies.retroSummaryAt, ...note },
    ];
  },
  preview: ({ config, slot, dayOf }) => [
    slot.job === 'retro'
      ? { channel: config.channels.crossStream, preview: `retrospective and planning thread (${dayOf}): went well, didn't, actions` }
      : { channel: config.channels.crossStream, preview: `retro summary: action items with owners` },
  ],
};

export interface RetroRecord {
  id: number;
  sprintNumber: number;
  date: string;
  channelId: string;
  threadTs: string | null;
  closedAt: Date | null;
}

export interface RetroActionRecord {
  id: number;
  sprintNumber: number;
  text: string;
  ownerSlackId: string | null;
  doneAt: Date | null;
}
