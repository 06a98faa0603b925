import { escapeText, truncate } from '../blocks.js';

/** One merged pull request in the changelog channel: title (linked), stream, items, author. */
export function changelogMessage(o: { title: string; url: string; streamName: string; items: string[]; author: string | null }): {
  text: string;
} {
  const items = o.items.length > 0 ? ` (${escapeText(o.items.join(', '))})` : '';
  const by = o.author ? ` by ${escapeText(o.author)}` : '';
  // A link's target must not carry Slack's control characters; GitHub URLs never do, but say so.
  const url = o.url.replace(/[<>|]/g, encodeURIComponent);
  return { text: `:rocket: Merged in *${escapeText(o.streamName)}*: <${url}|${escapeText(truncate(o.title, 300))}>${items}${by}` };
}
