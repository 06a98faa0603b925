import { describe, expect, it } from 'vitest';
import { fromSlackText } from '../src/domain/slackText.js';
import { escapeText } from '../src/slack/blocks.js';

describe('text people type, from Slack and back', () => {
  it.each([
    ['R&amp;D &lt;b&gt; done', 'R&D <b> done'],
    ['ask <@U0123ABC|kai> and <@W999>', 'ask @kai and @W999'],
    ['<!channel> <!here> <!everyone>', '@channel @here @everyone'],
    ['ping <!subteam^S123|@sre-team> and <!subteam^S456>', 'ping @sre-team and @team'],
    ['see <#C1234|governance-core>', 'see #governance-core'],
    ['docs <https://example.com/x|the doc> and <https://example.com/y>', 'docs the doc (https://example.com/x) and https://example.com/y'],
    ['literal &lt;@U1&gt; typed by hand', 'literal <@U1> typed by hand'],
    ['&amp;lt; stays one level', '&lt; stays one level'],
  ])('%s → %s', (wire, plain) => {
    expect(fromSlackText(wire)).toBe(plain);
  });

  it('round-trips: escaped once on the way out, nothing can become a mention or a broadcast', () => {
    for (const wire of ['<!channel> R&amp;D', 'literal &lt;@U1&gt;', '&lt;!here&gt;']) {
      const out = escapeText(fromSlackText(wire));
      expect(out).not.toMatch(/<[@!#]/);
    }
    expect(escapeText(fromSlackText('R&amp;D'))).toBe('R&amp;D');
  });
});
