// The Monday executive digest as a Slack message: within Slack's limits (50 blocks, 3,000
// characters a section) however many streams there are — past a handful, streams are summarised
// by status and the ones that need attention are listed, the rest counted.
import type { KnownBlock } from '@slack/types';
import type { DigestStreamView, DigestView } from '../../services/ports.js';
import { checkBlocks, context, divider, escapeText, header, section, truncate } from '../blocks.js';

const ICON: Record<DigestStreamView['status'], string> = {
  'on track': ':large_green_circle:',
  'at risk': ':large_yellow_circle:',
  'off track': ':red_circle:',
  'not enough history': ':white_circle:',
  done: ':white_check_mark:',
};
const ATTENTION: DigestStreamView['status'][] = ['off track', 'at risk', 'not enough history', 'on track', 'done'];
// Streams shown one by one before the digest switches to a summary.
const DETAILED = 8;
const RISKS = 5;
const HIGHLIGHTS = 5;

const pct = (p: number) => `${Math.round(p * 100)} %`;

function streamLine(s: DigestStreamView): string {
  const confidence =
    s.status === 'done'
      ? 'all done'
      : s.probability === null
        ? 'not enough history yet'
        : `${pct(s.probability)} by the sprint's end · P50 ${s.p50 ?? 'after the horizon'} · P85 ${s.p85 ?? 'after the horizon'}`;
  const people =
    s.people === undefined || s.people.length === 0
      ? ''
      : `\n_Points a day by person:_ ${s.people.map((p) => `${escapeText(p.name)} ${p.velocity === null ? '—' : p.velocity}`).join(' · ')}`;
  return truncate(
    `${ICON[s.status]} *${escapeText(s.name)}* — ${s.status} · ${s.done} done, ${s.remaining} to go · ${confidence}` +
      (s.velocity ? ` · velocity ${escapeText(s.velocity)}` : '') +
      people,
    3000,
  );
}

/** Worst first: off track, at risk, then the rest; within a status, least likely first. */
function byAttention(a: DigestStreamView, b: DigestStreamView): number {
  const rank = (s: DigestStreamView) => ATTENTION.indexOf(s.status);
  return rank(a) - rank(b) || (a.probability ?? 1) - (b.probability ?? 1);
}

export function digestMessage(v: DigestView): { text: string; blocks: KnownBlock[] } {
  const counts = new Map<string, number>();
  for (const s of v.streams) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
  // Worst first, as an executive reads it.
  const summary = ATTENTION.filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${s}`)
    .join(' · ');
  const blocks: KnownBlock[] = [header(truncate(`${v.title} — ${v.sprintDay}`, 150))];
  if (v.late) blocks.push(context(`:hourglass: Posted late: ${escapeText(v.late)}`));
  blocks.push(
    section(
      `*Status of ${v.streams.length} stream${v.streams.length === 1 ? '' : 's'}:* ${summary || 'no streams'}` +
        (v.total ? `\n*All streams:* ${v.total.done} points done, ${v.total.remaining} to go` : ''),
    ),
  );
  const sorted = [...v.streams].sort(byAttention);
  const shown = v.streams.length <= DETAILED ? v.streams : sorted.slice(0, DETAILED);
  // One section per stream while they fit; a section holds up to 3,000 characters.
  for (const s of shown) blocks.push(section(streamLine(s)));
  if (shown.length < v.streams.length) {
    const rest = sorted.slice(DETAILED);
    blocks.push(
      context(
        `And ${rest.length} more: ${escapeText(truncate(rest.map((s) => `${s.name} (${s.status})`).join(', '), 2500))}. ` +
          'Any stream in detail: `/sprint status <stream>`.',
      ),
    );
  }
  if (v.chartFileId !== null)
    blocks.push({ type: 'image', slack_file: { id: v.chartFileId }, alt_text: 'Burndown of every stream and the total' });
  blocks.push(divider());
  const risks = v.risks.slice(0, RISKS);
  blocks.push(
    section(
      risks.length === 0
        ? '*Top risks:* none this week.'
        : `*Top risks*\n${risks.map((r, i) => `${i + 1}. ${escapeText(r.streamName)}: ${escapeText(r.text)} — ${r.owner.startsWith('U') || r.owner.startsWith('W') ? `<@${r.owner}>` : escapeText(r.owner)}`).join('\n')}` +
            (v.risks.length > RISKS ? `\n…and ${v.risks.length - RISKS} more.` : ''),
    ),
  );
  const b = v.blockers;
  blocks.push(
    section(
      `*Blockers last week:* ${b.opened} opened, ${b.resolved} resolved, ${b.escalated} escalated · median time to acknowledge ${b.medianAck ?? '—'}, to resolve ${b.medianResolve ?? '—'}\n` +
        `*Stand-up participation:* ${v.standup.expected === 0 ? '—' : `${pct(v.standup.answered / v.standup.expected)} (${v.standup.answered} of ${v.standup.expected} answers)`}`,
    ),
  );
  if (v.changelog.length > 0) {
    const highlights = v.changelog
      .slice(0, HIGHLIGHTS)
      .map(
        (c) =>
          `• ${c.url ? `<${c.url.replace(/[<>|]/g, encodeURIComponent)}|${escapeText(truncate(c.title, 200))}>` : escapeText(truncate(c.title, 200))} (${escapeText(c.streamName)})`,
      );
    blocks.push(
      section(
        `*Shipped last week*\n${highlights.join('\n')}${v.changelog.length > HIGHLIGHTS ? `\n…and ${v.changelog.length - HIGHLIGHTS} more in the changelog.` : ''}`,
      ),
    );
  }
  const text = `${v.title} — ${summary || 'no streams'}`;
  return { text, blocks: checkBlocks(blocks, 'message') };
}

/** A person's stream on App Home: its digest line as of now and its small burndown chart. */
export function streamPanelBlocks(o: { stream: DigestStreamView; chartFileId: string | null }): KnownBlock[] {
  const blocks: KnownBlock[] = [divider(), section(`*Your stream today*\n${streamLine(o.stream)}`)];
  if (o.chartFileId !== null) blocks.push({ type: 'image', slack_file: { id: o.chartFileId }, alt_text: `Burndown of ${o.stream.name}` });
  return blocks;
}
