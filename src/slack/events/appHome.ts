import type { Deps } from '../../deps.js';
import type { Surfaces } from '../surfaces.js';
import { localDate, sprintPosition } from '../../domain/calendar.js';
import { sprintStatusBlocks } from '../views/sprintStatus.js';

export function register(surfaces: Surfaces, deps: Deps): void {
  surfaces.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    const now = deps.clock.now();
    const today = localDate(now, deps.config.timezone);
    await client.views.publish({
      user_id: event.user,
      view: { type: 'home', blocks: sprintStatusBlocks(deps.config, deps.directory, sprintPosition(deps.config, now), today) },
    });
  });
}
