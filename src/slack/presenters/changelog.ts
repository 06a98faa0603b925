import type { Presenters } from '../../services/ports.js';
import { escapeText, truncate } from '../blocks.js';

/** One merged pull request in the changelog channel: title (linked), stream, items, author. */
export function changelogMessage(o: Parameters<Presenters['changelogEntry']>[0]): { text: string } {
  const items = o.items.length > 0 ? ` (${escapeText(o.items.join(', '))})` : '';
  const by = o.author ? ` by ${escapeText(o.author)}` : '';
  // A link's target must not carry Slack's control characters; GitHub URLs never do, but say so.
  const url = o.url.replace(/[<>|]/g, encodeURIComponent);
  return { text: `:rocket: Merged in *${escapeText(o.streamName)}*: <${url}|${escapeText(truncate(o.title, 300))}>${items}${by}` };
}

/** The one nudge for a cross-cutting pull request with no approving review from another stream. */
export function reviewNudgeMessage(o: Parameters<Presenters['reviewNudge']>[0]): { text: string } {
  const url = o.url.replace(/[<>|]/g, encodeURIComponent);
  const items = o.items.length > 0 ? ` (${escapeText(o.items.join(', '))})` : '';
  const who = o.reviewers.length > 0 ? o.reviewers.map((id) => `<@${id}>`).join(' ') : 'someone';
  return {
    text:
      `:eyes: <${url}|${escapeText(truncate(o.title, 300))}>${items} touches ${escapeText(o.streamNames.join(' and ') || 'another stream')} ` +
      `and has no approving review from another stream after ${o.hours} h. Could ${who} review it?`,
  };
}
