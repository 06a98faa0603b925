import { context, escapeText, section } from '../blocks.js';

/** The 08:55 announcement: who is on the Tiger Crew today (`<@id>` mentions, or names). */
export function tigerCrewMessage(o: { date: string; crew: ({ slackId: string } | { name: string })[] }) {
  const who = o.crew.map((p) => ('slackId' in p ? `<@${p.slackId}>` : escapeText(p.name)));
  const text =
    who.length === 0
      ? `No Tiger Crew for ${o.date}: everyone in the pool is out. Leads, please cover blockers today.`
      : `:tiger: Tiger Crew for ${o.date}: ${who.join(' and ')}. You swarm today's blockers.`;
  return { text, blocks: [section(text), context('New blockers page the Tiger Crew at once · `/tiger` shows the next days')] };
}
