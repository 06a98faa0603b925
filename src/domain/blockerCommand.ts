import { shorten } from './echo.js';
import { ok, refuse, type Result } from './result.js';
import { fromSlackText } from './slackText.js';

/**
 * The /blocker grammar. Slack escapes mentions in slash-command text (should_escape), so an owner
 * arrives as <@U123|kai> and a channel as <#C123|name>; both forms are accepted, as is the plain
 * tag "#cross-stream".
 *
 *   /blocker <text> [#cross-stream] [@owner] [stream:<key>] [needs:<key>]
 *   /blocker list [mine|stream:<key>|all]
 *   /blocker ack <id> · /blocker resolve <id> [note] · /blocker reopen <id> · /blocker help
 */
export type BlockerCommand =
  | { kind: 'help' }
  | {
      kind: 'create';
      text: string;
      crossStream: boolean;
      ownerSlackId: string | null;
      streamKey: string | null;
      needsStreamKey: string | null;
    }
  | { kind: 'list'; filter: { kind: 'mine' } | { kind: 'all' } | { kind: 'stream'; streamKey: string } | { kind: 'open' } }
  | { kind: 'ack' | 'reopen'; number: number }
  | { kind: 'resolve'; number: number; note: string };

export type ParseResult = Result<BlockerCommand>;

export const MAX_BLOCKER_TEXT = 1000;

const ID = /^(?:b-?)?(\d{1,9})$/i;

function parseId(word: string | undefined, verb: string): Result<number> {
  if (word === undefined || word === '') return refuse('usage', `\`/blocker ${verb}\` needs a blocker id, e.g. \`/blocker ${verb} B-12\`.`);
  const m = ID.exec(word);
  if (!m) return refuse('usage', `"${shorten(word)}" is not a blocker id; ids look like B-12.`);
  return ok(Number(m[1]));
}

export function parseBlockerCommand(input: string, streamKeys: readonly string[]): ParseResult {
  const text = input.trim().replace(/\s+/g, ' ');
  const [first = '', ...restWords] = text.split(' ');
  const verb = first.toLowerCase();
  const streamError = (key: string, what: string) =>
    `\`${what}:${shorten(key)}\` is not a stream (expected one of ${streamKeys.join(', ')}).`;

  if (text === '' || verb === 'help') return ok({ kind: 'help' });

  if (verb === 'list') {
    if (restWords.length > 1) return refuse('usage', '`/blocker list` takes one filter: `mine`, `stream:<key>` or `all`.');
    const f = (restWords[0] ?? '').toLowerCase();
    if (f === '') return ok({ kind: 'list', filter: { kind: 'open' } });
    if (f === 'mine' || f === 'all') return ok({ kind: 'list', filter: { kind: f } });
    const m = /^stream:([a-z0-9-]+)$/.exec(f);
    if (m) {
      const key = m[1] as string;
      if (!streamKeys.includes(key)) return refuse('usage', streamError(key, 'stream'));
      return ok({ kind: 'list', filter: { kind: 'stream', streamKey: key } });
    }
    return refuse(
      'usage',
      `I don't know the filter "${shorten(restWords[0] ?? '')}". Use \`/blocker list\`, \`list mine\`, \`list stream:<key>\` or \`list all\`.`,
    );
  }

  if (verb === 'ack' || verb === 'reopen') {
    if (restWords.length > 1) return refuse('usage', `\`/blocker ${verb}\` takes just the blocker id, e.g. \`/blocker ${verb} B-12\`.`);
    const id = parseId(restWords[0], verb);
    return id.ok ? ok({ kind: verb, number: id.value }) : id;
  }

  if (verb === 'resolve') {
    const id = parseId(restWords[0], 'resolve');
    if (!id.ok) return id;
    return ok({ kind: 'resolve', number: id.value, note: fromSlackText(restWords.slice(1).join(' ')) });
  }

  // Anything else files a blocker: options are pulled out wherever they are, the rest is the text.
  let crossStream = false;
  let ownerSlackId: string | null = null;
  let streamKey: string | null = null;
  let needsStreamKey: string | null = null;
  const words: string[] = [];
  for (const word of text.split(' ')) {
    const lower = word.toLowerCase();
    const owner = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(word);
    const stream = /^stream:(.*)$/i.exec(word);
    const needs = /^needs:(.*)$/i.exec(word);
    if (lower === '#cross-stream' || /^<#C[A-Z0-9]+\|cross-stream>$/i.test(word)) crossStream = true;
    else if (owner) {
      if (ownerSlackId !== null && ownerSlackId !== owner[1]) return refuse('usage', 'A blocker has one owner; mention only one person.');
      ownerSlackId = owner[1] as string;
    } else if (/^@\w/.test(word)) {
      return refuse(
        'usage',
        `"${shorten(word)}" is not a Slack mention. Pick the owner from Slack's @ autocomplete so it becomes a mention.`,
      );
    } else if (stream) {
      const key = (stream[1] as string).toLowerCase();
      if (!streamKeys.includes(key)) return refuse('usage', streamError(key, 'stream'));
      if (streamKey !== null && streamKey !== key) return refuse('usage', 'Give one `stream:` (the stream that is blocked).');
      streamKey = key;
    } else if (needs) {
      const key = (needs[1] as string).toLowerCase();
      if (!streamKeys.includes(key)) return refuse('usage', streamError(key, 'needs'));
      if (needsStreamKey !== null && needsStreamKey !== key) return refuse('usage', 'Give one `needs:` (the stream whose help is needed).');
      needsStreamKey = key;
    } else words.push(word);
  }
  // What is left is the person's text, kept plain: mentions and broadcasts in it never ping again.
  const body = fromSlackText(words.join(' ')).trim();
  if (body === '')
    return refuse('usage', 'Describe what is blocked: `/blocker <what is blocked> [#cross-stream] [@owner] [stream:<key>] [needs:<key>]`.');
  if (body.length > MAX_BLOCKER_TEXT)
    return refuse(
      'usage',
      `Keep the description under ${MAX_BLOCKER_TEXT} characters (it has ${body.length}); put details in the blocker's thread.`,
    );
  if (needsStreamKey !== null && needsStreamKey === streamKey)
    return refuse('usage', '`needs:` names another stream than the blocked one.');
  // Needing another stream's help is what makes a blocker cross-stream.
  if (needsStreamKey !== null) crossStream = true;
  return ok({ kind: 'create', text: body, crossStream, ownerSlackId, streamKey, needsStreamKey });
}
