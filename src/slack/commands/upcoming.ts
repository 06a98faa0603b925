import type { Surfaces } from '../surfaces.js';

// These commands are declared in manifest.yml so the Slack app does not have to be recreated
// when their features land; until then they say so plainly rather than failing silently.
const UPCOMING: Record<'/tiger', string> = {
  '/tiger': 'showing and swapping the Tiger Crew rotation',
};

export function register(surfaces: Surfaces): void {
  for (const [name, what] of Object.entries(UPCOMING) as [keyof typeof UPCOMING, string][]) {
    surfaces.command(name, async ({ ack }) => {
      await ack({
        response_type: 'ephemeral',
        text: `\`${name}\` (${what}) is not switched on in this version of Paceline yet. \`/sprint\` works today.`,
      });
    });
  }
}
