import { shorten } from './echo.js';
import { addDays, daysBetween } from './calendar.js';
import { ok, refuse, type Result } from './result.js';

/**
 *   /tiger                               today's crew and the next working days
 *   /tiger swap @a @b <date>             @a's shift that day goes to @b
 *   /tiger cover @who <date>             @who takes an extra shift that day
 *   /tiger ooo <from> <to>               you are out: no shifts from one date to the other
 * Dates are YYYY-MM-DD, "today" or "tomorrow" (in the sprint timezone).
 */
export type TigerCommand =
  | { kind: 'show' }
  | { kind: 'help' }
  | { kind: 'swap'; from: string; to: string; date: string }
  | { kind: 'cover'; who: string; date: string }
  | { kind: 'ooo'; from: string; to: string };

export type TigerParse = Result<TigerCommand>;

/**
 * How far from today a date may be. Rotations are planned a few weeks ahead; a date a person
 * types beyond a year is a typo, and an unbounded one (9999-12-31) would make the crew
 * computation walk millions of days.
 */
export const DATE_HORIZON_DAYS = 366;

const MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/;

/** A date the person typed: the ISO date, or why it is not one Paceline takes. */
function date(word: string | undefined, today: string): Result<string> {
  if (word === undefined) return refuse('usage', 'a date is missing (YYYY-MM-DD, today or tomorrow)');
  const w = word.toLowerCase();
  if (w === 'today') return ok(today);
  if (w === 'tomorrow') return ok(addDays(today, 1));
  const valid =
    /^\d{4}-\d{2}-\d{2}$/.test(w) && !Number.isNaN(Date.parse(`${w}T00:00:00Z`)) && new Date(`${w}T00:00:00Z`).toISOString().startsWith(w);
  if (!valid) return refuse('usage', `"${shorten(word)}" is not a date (expected YYYY-MM-DD, today or tomorrow)`);
  if (Math.abs(daysBetween(today, w)) > DATE_HORIZON_DAYS)
    return refuse(
      'usage',
      `${w} is more than a year from today (${today}); give a date between ${addDays(today, -DATE_HORIZON_DAYS)} and ${addDays(today, DATE_HORIZON_DAYS)}`,
    );
  return ok(w);
}

function person(word: string | undefined): string | null {
  const m = word === undefined ? null : MENTION.exec(word);
  return m ? (m[1] as string) : null;
}

export function parseTigerCommand(input: string, today: string): TigerParse {
  const words = input.trim().split(/\s+/).filter(Boolean);
  const verb = (words[0] ?? '').toLowerCase();
  const notMention = (w: string | undefined) =>
    w === undefined ? 'a person is missing' : `"${shorten(w)}" is not a Slack mention (pick the person from the @ autocomplete)`;
  switch (verb) {
    case '':
      return ok({ kind: 'show' });
    case 'help':
      return ok({ kind: 'help' });
    case 'swap': {
      if (words.length !== 4) return refuse('usage', 'Usage: `/tiger swap @from @to <date>`, e.g. `/tiger swap @omar @noor 2025-10-09`.');
      const from = person(words[1]);
      const to = person(words[2]);
      const d = date(words[3], today);
      if (from === null) return refuse('usage', `${notMention(words[1])}.`);
      if (to === null) return refuse('usage', `${notMention(words[2])}.`);
      if (!d.ok) return refuse('usage', `${d.refusal.reason}.`);
      if (from === to) return refuse('usage', 'Swap with someone else: both people are the same.');
      return ok({ kind: 'swap', from, to, date: d.value });
    }
    case 'cover': {
      if (words.length !== 3) return refuse('usage', 'Usage: `/tiger cover @who <date>`, e.g. `/tiger cover @me tomorrow`.');
      const who = person(words[1]);
      const d = date(words[2], today);
      if (who === null) return refuse('usage', `${notMention(words[1])}.`);
      if (!d.ok) return refuse('usage', `${d.refusal.reason}.`);
      return ok({ kind: 'cover', who, date: d.value });
    }
    case 'ooo': {
      if (words.length !== 3) return refuse('usage', 'Usage: `/tiger ooo <from> <to>`, e.g. `/tiger ooo 2025-10-13 2025-10-15`.');
      const from = date(words[1], today);
      const to = date(words[2], today);
      if (!from.ok) return refuse('usage', `${from.refusal.reason}.`);
      if (!to.ok) return refuse('usage', `${to.refusal.reason}.`);
      if (daysBetween(from.value, to.value) < 0) return refuse('usage', `The range ends (${to.value}) before it starts (${from.value}).`);
      return ok({ kind: 'ooo', from: from.value, to: to.value });
    }
    default:
      return refuse('usage', `I don't know \`/tiger ${shorten(words.join(' '))}\`.`);
  }
}
