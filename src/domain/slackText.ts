/**
 * Text people type arrives in Slack's wire format: `&`, `<` and `>` they typed are escaped as
 * `&amp;`, `&lt;` and `&gt;`, and what Slack recognised is in angle brackets — mentions
 * (`<@U123|ada>`), broadcasts (`<!channel>`, `<!subteam^S1|@team>`), channels (`<#C1|name>`) and
 * links (`<https://…|label>`). Paceline keeps what people wrote as plain text: mentions become
 * `@name` (repeated by Paceline they never ping anyone again), links become their address, and
 * the escapes are undone once. Presenters escape it once again on the way out.
 */
export function fromSlackText(text: string): string {
  return text
    .replace(/<([^<>]*)>/g, (_whole, inner: string) => {
      const [target = '', label] = inner.split('|', 2) as [string, string | undefined];
      if (target.startsWith('@')) return `@${label ?? target.slice(1)}`;
      if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
      if (target.startsWith('!subteam^')) return label ?? '@team';
      if (target.startsWith('!date^')) return label ?? '';
      if (target.startsWith('!')) return `@${target.slice(1)}`;
      return label !== undefined && label !== target ? `${label} (${target})` : target;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
