import type { KnownBlock } from '@slack/types';
import type { Config } from '../../config/schema.js';
import type { SprintPosition } from '../../domain/calendar.js';
import type { Directory } from '../../domain/directory.js';
import type { StreamWork } from '../../domain/workItems.js';
import { checkBlocks, context, escapeText, header, section } from '../blocks.js';

export function sprintHeadline(config: Config, position: SprintPosition | null, today: string): string {
  if (position === null) {
    return today < config.sprint.start
      ? `The sprint starts on ${config.sprint.start}`
      : `The sprint ended; no sprint is running (configure the next one in paceline.yml)`;
  }
  const sprintLabel = position.sprintNumber === 1 ? 'Sprint' : `Sprint cycle ${position.sprintNumber}`;
  return `${sprintLabel}: day ${position.day} of ${position.lengthDays} (${position.startDate} → ${position.endDate})`;
}

const points = (n: number) => `${Number.isInteger(n) ? n : n.toFixed(1)} point${n === 1 ? '' : 's'}`;

/** A stream's work in the sprint in one line, or '' when it has none recorded. */
export function workLine(w: StreamWork | undefined): string {
  if (w === undefined || (w.committed === 0 && w.inProgress.length === 0 && w.unestimated === 0)) return '';
  const progress =
    w.inProgress.length > 0
      ? ` · in progress: ${escapeText(w.inProgress.slice(0, 10).join(', '))}${w.inProgress.length > 10 ? ` and ${w.inProgress.length - 10} more` : ''}`
      : '';
  const unestimated = w.unestimated > 0 ? ` · ${w.unestimated} unestimated` : '';
  return `Work: ${points(w.done)} done of ${points(w.committed)} · ${points(w.remaining)} remaining${progress}${unestimated}`;
}

/**
 * The sprint at a glance: where we are in it, who leads each stream and, when work items are
 * recorded (Linear or /sprint points), each stream's points and work in progress.
 */
export function sprintStatusBlocks(
  config: Config,
  directory: Directory,
  position: SprintPosition | null,
  today: string,
  o: { work?: readonly StreamWork[]; streamKey?: string | null } = {},
): KnownBlock[] {
  const shown = o.streamKey ? config.streams.filter((s) => s.key === o.streamKey) : config.streams;
  const streams = shown.map((s) => {
    const lead = directory.people.get(s.lead);
    const channel = directory.channels.get(s.channel);
    const work = workLine(o.work?.find((w) => w.streamKey === s.key));
    return section(
      `*${escapeText(s.sprintLabel)} – ${escapeText(s.name)}*\n` +
        `Lead: ${lead ? `<@${lead}>` : escapeText(s.lead)} · Channel: ${channel ? `<#${channel}>` : escapeText(s.channel)}\n` +
        `Crews: ${escapeText(s.crews.join(', ') || '—')} · Partners: ${escapeText(s.partners.join(', ') || '—')}` +
        (work ? `\n${work}` : ''),
    );
  });
  const demo = `Demo day ${config.sprint.demoDay}`;
  const retro = `retro and planning day ${config.sprint.retroDay}`;
  return checkBlocks(
    [
      header(sprintHeadline(config, position, today)),
      ...streams,
      context(`${demo} · ${retro} · stand-up ${config.standup.time} ${config.timezone}`),
    ],
    'message',
  );
}

/** The Home tab: the person's day (stand-up, blockers, Tiger Crew shifts), then the sprint. */
export function homeBlocks(o: {
  standup: 'answered' | 'waiting' | 'none-today';
  openBlockers: { number: number; text: string; state: string }[];
  nextShifts: string[];
  known: boolean;
  sprint: KnownBlock[];
  /** The person's stream as the digest sees it now (status, confidence, chart), if any. */
  stream?: KnownBlock[];
}): KnownBlock[] {
  const mine: KnownBlock[] = o.known
    ? [
        section(
          [
            o.standup === 'answered'
              ? ':white_check_mark: You answered today’s stand-up.'
              : o.standup === 'waiting'
                ? ':hourglass: Today’s stand-up is waiting for your answer: reply in its thread or run `/standup`.'
                : 'No stand-up today.',
            o.openBlockers.length === 0
              ? 'No open blockers filed by you or owned by you.'
              : `Your open blockers: ${o.openBlockers.map((b) => `B-${b.number} (${b.state === 'acked' ? 'acknowledged' : b.state}) ${escapeText(b.text.slice(0, 80))}`).join(' · ')}`,
            o.nextShifts.length === 0
              ? 'No Tiger Crew shift in the next two weeks.'
              : `Your next Tiger Crew shifts: ${o.nextShifts.join(', ')}`,
          ].join('\n'),
        ),
      ]
    : [section("You are not in Paceline's config yet; ask an admin to add you to paceline.yml.")];
  return checkBlocks([...mine, ...(o.stream ?? []), ...o.sprint], 'view');
}
