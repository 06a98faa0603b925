import type { Clock } from '../clock.js';
import type { Stores } from './stores.js';

/** Slack retries an event it thinks we missed (X-Slack-Retry-Num): each event counts once. */
export class EventLedger {
  constructor(private readonly deps: { repos: Pick<Stores, 'processedEvents'>; clock: Clock }) {}

  /** True the first time an event id is seen; false for every redelivery. */
  firstDelivery(eventId: string, source: 'slack' | 'github' | 'linear' = 'slack'): Promise<boolean> {
    return this.deps.repos.processedEvents.firstDelivery(eventId, source, this.deps.clock.now());
  }
}
