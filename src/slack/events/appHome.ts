import type { ListenerDeps } from '../../deps.js';
import type { Surfaces } from '../surfaces.js';
import { localDate, sprintPosition } from '../../domain/calendar.js';
import { homeBlocks, sprintStatusBlocks } from '../presenters/sprintStatus.js';
import { streamPanelBlocks } from '../presenters/digest.js';

export function register(surfaces: Surfaces, deps: ListenerDeps): void {
  surfaces.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    const now = deps.clock.now();
    const today = localDate(now, deps.config.timezone);
    const facts = await deps.services.home.facts(event.user);
    const sprint = sprintStatusBlocks(deps.config, deps.directory, sprintPosition(deps.config, now), today);
    const panel = facts.memberKey === null ? null : await deps.services.digest.streamPanel(facts.memberKey);
    const stream = panel === null ? [] : streamPanelBlocks(panel);
    await client.views.publish({
      user_id: event.user,
      view: { type: 'home', blocks: homeBlocks({ ...facts, known: facts.memberKey !== null, sprint, stream }) },
    });
  });
}
