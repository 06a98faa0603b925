import type { BurndownEvent } from '../../src/domain/burndown.js';

/** One work-item event, as the history stores it. */
export function workEvent(
  identifier: string,
  kind: BurndownEvent['kind'],
  from: string | null,
  to: string | null,
  at: string,
): BurndownEvent {
  return { identifier, kind, from, to, at: new Date(at) };
}
