import { shorten } from './echo.js';
import { ok, refuse, type Result } from './result.js';

/**
 * The /sprint grammar: the sprint at a glance, and the manual path for work when a team has no
 * Linear (or Linear gives no estimates):
 *
 *   /sprint [status] [<stream>]          the day of the sprint, each stream's points and work in progress
 *   /sprint points <ITEM-12> <n> [<stream>]   an item's estimate (a new item joins the current sprint)
 *   /sprint done <ITEM-12>               the item is done
 *   /sprint digest                       the executive digest as of now, for the asker only
 *   /sprint help
 */
export type SprintCommand =
  | { kind: 'help' }
  | { kind: 'status'; streamKey: string | null }
  | { kind: 'points'; identifier: string; points: number; streamKey: string | null }
  | { kind: 'done'; identifier: string }
  | { kind: 'digest' };

export const MAX_POINTS = 100;

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9]{0,9}-\d{1,9}$/;

function identifier(word: string | undefined, usage: string): Result<string> {
  if (word === undefined) return refuse('usage', `An item is missing: ${usage}.`);
  if (!IDENTIFIER.test(word)) return refuse('usage', `"${shorten(word)}" is not an item id; ids look like GOV-12.`);
  return ok(word.toUpperCase());
}

function stream(word: string | undefined, streamKeys: readonly string[]): Result<string | null> {
  if (word === undefined) return ok(null);
  const key = word.toLowerCase().replace(/^stream:/, '');
  if (!streamKeys.includes(key)) return refuse('usage', `"${shorten(word)}" is not a stream (expected one of ${streamKeys.join(', ')}).`);
  return ok(key);
}

export function parseSprintCommand(input: string, streamKeys: readonly string[]): Result<SprintCommand> {
  const words = input.trim().split(/\s+/).filter(Boolean);
  const sub = (words[0] ?? 'status').toLowerCase();
  const unknown = () =>
    refuse('usage', `I don't know \`/sprint ${shorten(input.trim())}\`. Try \`/sprint\` for the sprint status or \`/sprint help\`.`);
  switch (sub) {
    case 'help':
      return words.length > 1 ? unknown() : ok({ kind: 'help' });
    case 'digest':
      return words.length > 1 ? refuse('usage', 'The digest takes no arguments: `/sprint digest`.') : ok({ kind: 'digest' });
    case 'status': {
      if (words.length > 2) return unknown();
      // "/sprint status" and "/sprint" alike; one stream may follow.
      const s = stream(words[1], streamKeys);
      return s.ok ? ok({ kind: 'status', streamKey: s.value }) : s;
    }
    case 'points': {
      const usage = '`/sprint points GOV-12 5 [stream]`';
      if (words.length > 4) return refuse('usage', `Too many words: ${usage}.`);
      const id = identifier(words[1], usage);
      if (!id.ok) return id;
      const raw = words[2];
      if (raw === undefined) return refuse('usage', `The points are missing: ${usage}.`);
      const points = /^\d+(?:\.5)?$/.test(raw) ? Number(raw) : Number.NaN;
      if (!(points >= 0 && points <= MAX_POINTS))
        return refuse('usage', `"${shorten(raw)}" is not a number of points (expected 0 to ${MAX_POINTS}, whole or .5).`);
      const s = stream(words[3], streamKeys);
      return s.ok ? ok({ kind: 'points', identifier: id.value, points, streamKey: s.value }) : s;
    }
    case 'done': {
      const usage = '`/sprint done GOV-12`';
      if (words.length > 2) return refuse('usage', `Give one item: ${usage}.`);
      const id = identifier(words[1], usage);
      return id.ok ? ok({ kind: 'done', identifier: id.value }) : id;
    }
    default:
      // "/sprint governance" reads as the status of that stream.
      if (words.length === 1 && streamKeys.includes(sub)) return ok({ kind: 'status', streamKey: sub });
      return unknown();
  }
}
