/**
 * Parses a free-text stand-up answer as people really write them in Slack: labelled sections
 * in any order and spelling ("Yesterday:", "Y:", "*Today*", "Blocked on …", "Handoffs -"),
 * bullets and emoji, "none"/"n/a"/"-" for nothing, and text with no labels at all.
 */

import { fromSlackText } from './slackText.js';

export type Section = 'yesterday' | 'today' | 'blockers' | 'handoffs';

export interface StreamRef {
  key: string;
  name: string;
  /** Slack channel id of the stream, so a <#C…> mention names it. */
  channelId?: string | null;
}

export interface Handoff {
  text: string;
  /** The stream the handoff goes to, when the text names one. */
  toStream: string | null;
}

export interface StandupContent {
  yesterday: string[];
  today: string[];
  blockers: string[];
  handoffs: Handoff[];
  /** Text outside any section: still an answer. */
  notes: string[];
}

export interface ParsedAnswer extends StandupContent {
  /** Slack user ids mentioned anywhere (<@U…>). */
  mentions: string[];
  /** Stream keys named anywhere. */
  streams: string[];
}

export function emptyContent(): StandupContent {
  return { yesterday: [], today: [], blockers: [], handoffs: [], notes: [] };
}

export function isEmptyContent(c: StandupContent): boolean {
  return c.yesterday.length + c.today.length + c.blockers.length + c.handoffs.length + c.notes.length === 0;
}

// Label words per section; matched case-insensitively at the start of a line, after bullets,
// emoji and bold markers, and followed by ":", "-", "–", "—", ")" or the end of the line.
const LABELS: [Section, RegExp][] = [
  ['yesterday', /^(yesterday|yday|yest|y|previously|last working day|done|did)\b/i],
  ['today', /^(today|tdy|td|t|plan(?:s|ned)?(?: for today)?|will do|next|todo|to do)\b/i],
  ['blockers', /^(blockers?|blocking|blocked|impediments?|b|stuck)\b/i],
  ['handoffs', /^(hand-?offs?|hand offs?|h|dependencies|deps|needs from other streams)\b/i],
];

// Phrases that open a section and are part of its content ("Blocked on the API key").
const INLINE: [Section, RegExp][] = [
  ['blockers', /^(blocked (?:on|by)|stuck on|waiting (?:on|for))\b/i],
  ['handoffs', /^(hand(?:ing)?[- ]?off to|handoff to|needs? from)\b/i],
];

const NOTHING =
  /^(none|nothing|n\/?a|nope|no|nil|-+|—|–|no blockers?|no handoffs?|nothing (?:new|today)|all good|not blocked)[\s.!:)]*(?:\p{Extended_Pictographic}|:[a-z0-9_+-]+:|\s)*$/iu;

function cleanLine(raw: string): string {
  let line = raw.trim();
  // Bullets, numbering, quote markers and leading emoji (":memo:" or a pictograph), repeatedly.
  for (;;) {
    const next = line
      .replace(/^(?:[-*•·◦▪‣>]|\d+[.)])\s+/u, '')
      .replace(/^:[a-z0-9_+-]+:\s*/i, '')
      .replace(/^(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f)+\s*/u, '')
      .trim();
    if (next === line) return line;
    line = next;
  }
}

function stripEmphasis(s: string): string {
  return s.replace(/^[*_~]+|[*_~]+$/g, '').replace(/^[*_~]+/, '');
}

function matchLabel<S extends string>(line: string, labels: [S, RegExp][], inline: [S, RegExp][]): { section: S; rest: string } | null {
  const plain = stripEmphasis(line);
  for (const [section, re] of inline) {
    if (re.test(plain)) return { section, rest: plain };
  }
  for (const [section, re] of labels) {
    const m = re.exec(plain);
    if (!m) continue;
    let rest = plain.slice(m[0].length);
    rest = rest.replace(/^[*_~]+/, '').trimStart();
    // A label needs a separator or nothing after it; "Today I fixed" is prose, not a label.
    const sep = /^(?::|-|–|—|\)|\.)\s*/.exec(rest);
    if (sep) return { section, rest: rest.slice(sep[0].length).replace(/^[*_~]+\s*/, '') };
    if (rest === '') return { section, rest: '' };
    // Single-letter labels and bold labels must have a separator.
    return null;
  }
  return null;
}

function streamsIn(text: string, streams: readonly StreamRef[]): string[] {
  const found = new Set<string>();
  for (const s of streams) {
    const byKey = new RegExp(`(^|[^\\w-])(?:#|stream:)?${s.key.replace(/[-]/g, '\\-')}(?![\\w-])`, 'i');
    const byName = new RegExp(
      `(^|\\W)${s.name.replace(/[.*+?^${}()|[\]\\&]/g, (c) => (c === '&' ? '(?:&|&amp;|and)' : `\\${c}`))}(?!\\w)`,
      'i',
    );
    const byChannel = s.channelId ? new RegExp(`<#${s.channelId}(?:\\|[^>]*)?>`) : null;
    if (byKey.test(text) || byName.test(text) || (byChannel?.test(text) ?? false)) found.add(s.key);
  }
  return [...found];
}

/**
 * Splits text into labelled sections: a line that starts with a label opens its section (the
 * rest of the line belongs to it), other lines go to the section that is open, or to notes.
 */
export function splitSections<S extends string>(
  text: string,
  labels: [S, RegExp][],
  inline: [S, RegExp][] = [],
): Record<S | 'notes', string[]> {
  const lines = { notes: [] } as unknown as Record<S | 'notes', string[]>;
  for (const [section] of [...labels, ...inline]) lines[section] = [];
  let current: S | 'notes' = 'notes';
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = cleanLine(raw);
    if (line === '') continue;
    const label = matchLabel(line, labels, inline);
    if (label) {
      current = label.section;
      if (label.rest !== '') lines[current].push(label.rest);
    } else {
      lines[current].push(stripEmphasis(line));
    }
  }
  for (const key of Object.keys(lines) as (S | 'notes')[])
    lines[key] = lines[key].map((l) => l.trim()).filter((l) => l !== '' && !NOTHING.test(l));
  return lines;
}

export function parseStandup(text: string, streams: readonly StreamRef[] = []): ParsedAnswer {
  const lines = splitSections(text, LABELS, INLINE);
  // Streams are found in Slack's form of the line (a <#C…> channel names one); what is kept is
  // the plain text, so that Paceline repeating it never pings anyone.
  const plain = (xs: string[]) => xs.map(fromSlackText);
  const content: StandupContent = {
    yesterday: plain(lines.yesterday),
    today: plain(lines.today),
    blockers: plain(lines.blockers),
    notes: plain(lines.notes),
    handoffs: lines.handoffs.map((h) => ({ text: fromSlackText(h), toStream: streamsIn(h, streams)[0] ?? null })),
  };
  const mentions = [...new Set([...text.matchAll(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g)].map((m) => m[1] as string))];
  return { ...content, mentions, streams: streamsIn(text, streams) };
}

/** Folds several messages of one person into one answer: each section gathers all its lines. */
export function mergeContent(parts: readonly StandupContent[]): StandupContent {
  const out = emptyContent();
  for (const p of parts) {
    out.yesterday.push(...p.yesterday);
    out.today.push(...p.today);
    out.blockers.push(...p.blockers);
    out.handoffs.push(...p.handoffs);
    out.notes.push(...p.notes);
  }
  return out;
}
