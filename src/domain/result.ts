// One shape for every expected failure: what a person asked for cannot be done, and why.
// Parsers, the blocker lifecycle and services return a Result; listeners hand a Refusal to the
// presenter (slack/presenters.ts refusalText) to become the user's message. Exceptions stay for
// what nobody expects (the database is down, Slack refused a token).

/**
 * Why something cannot be done. `usage` means the input itself is malformed, so the command's
 * help follows the reason; every other kind is about the world (what exists, who may, its state).
 */
export type RefusalKind = 'usage' | 'not-found' | 'not-allowed' | 'conflict';

export interface Refusal {
  kind: RefusalKind;
  /** One or two sentences for the person who asked, in their words (may hold `code` marks). */
  reason: string;
}

export type Result<T, E = Refusal> = { ok: true; value: T } | { ok: false; refusal: E };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function refuse(kind: RefusalKind, reason: string): { ok: false; refusal: Refusal } {
  return { ok: false, refusal: { kind, reason } };
}
