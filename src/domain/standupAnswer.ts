import { emptyContent, mergeContent, parseStandup, type StandupContent, type StreamRef } from './standupParser.js';

export interface ModalFields {
  yesterday: string;
  today: string;
  blockers: string;
  handoffs: string;
}

/** What an answer is made of; the answer is recomputed from these, oldest first. */
export type AnswerPart = { kind: 'thread'; ts: string; text: string; at: string } | { kind: 'modal'; fields: ModalFields; at: string };

function fieldLines(text: string, streams: readonly StreamRef[]): string[] {
  const p = parseStandup(text, streams);
  return [...p.notes, ...p.yesterday, ...p.today, ...p.blockers, ...p.handoffs.map((h) => h.text)];
}

/** The modal's four fields as content: each line of a field belongs to that field. */
export function modalContent(fields: ModalFields, streams: readonly StreamRef[]): StandupContent {
  const handoffs = fieldLines(fields.handoffs, streams).map((text) => ({
    text,
    toStream: parseStandup(text, streams).streams[0] ?? null,
  }));
  return {
    yesterday: fieldLines(fields.yesterday, streams),
    today: fieldLines(fields.today, streams),
    blockers: fieldLines(fields.blockers, streams),
    handoffs,
    notes: [],
  };
}

/**
 * The answer from its parts: thread messages add their sections; a modal submission (which
 * was prefilled with the answer so far) replaces what came before it.
 */
export function foldParts(parts: readonly AnswerPart[], streams: readonly StreamRef[]): StandupContent {
  let content = emptyContent();
  for (const part of parts) {
    if (part.kind === 'modal') content = modalContent(part.fields, streams);
    else {
      const parsed = parseStandup(part.text, streams);
      content = mergeContent([
        content,
        { yesterday: parsed.yesterday, today: parsed.today, blockers: parsed.blockers, handoffs: parsed.handoffs, notes: parsed.notes },
      ]);
    }
  }
  return content;
}

/** Prefill for the modal: the answer so far, one item per line, unlabelled notes under today. */
export function contentToFields(content: StandupContent): ModalFields {
  return {
    yesterday: content.yesterday.join('\n'),
    today: [...content.today, ...content.notes].join('\n'),
    blockers: content.blockers.join('\n'),
    handoffs: content.handoffs.map((h) => h.text).join('\n'),
  };
}

/** Adds or replaces (an edit) the thread message `ts` in the parts. */
export function withThreadMessage(parts: readonly AnswerPart[], ts: string, text: string, at: string): AnswerPart[] {
  const i = parts.findIndex((p) => p.kind === 'thread' && p.ts === ts);
  if (i === -1) return [...parts, { kind: 'thread', ts, text, at }];
  return parts.map((p, j) => (j === i ? { kind: 'thread', ts, text, at: p.at } : p));
}

export interface StandupRunRecord {
  id: number;
  streamKey: string;
  date: string;
  channelId: string;
  promptTs: string | null;
  sprintNumber: number;
}

export interface StandupAnswerRecord {
  id: number;
  runId: number;
  streamKey: string;
  date: string;
  memberKey: string;
  memberSlackId: string | null;
  content: StandupContent;
  parts: AnswerPart[];
  edits: { content: StandupContent; replacedAt: string }[];
  source: string;
  createdAt: Date;
  updatedAt: Date;
}
