import { stringify } from 'csv-stringify/sync';
import type { StandupAnswerRecord } from '../domain/standupAnswer.js';

export const EXPORT_COLUMNS = [
  'date',
  'stream',
  'member',
  'slack_user_id',
  'source',
  'yesterday',
  'today',
  'blockers',
  'handoffs',
  'notes',
  'answered_at',
  'updated_at',
  'edits',
] as const;

export type ExportRow = Record<(typeof EXPORT_COLUMNS)[number], string | number>;

/** One row per answer; list items joined by newlines, handoffs as "text → stream". */
export function exportRows(answers: readonly StandupAnswerRecord[]): ExportRow[] {
  return answers.map((a) => ({
    date: a.date,
    stream: a.streamKey,
    member: a.memberKey,
    slack_user_id: a.memberSlackId ?? '',
    source: a.source,
    yesterday: a.content.yesterday.join('\n'),
    today: a.content.today.join('\n'),
    blockers: a.content.blockers.join('\n'),
    handoffs: a.content.handoffs.map((h) => (h.toStream === null ? h.text : `${h.text} → ${h.toStream}`)).join('\n'),
    notes: a.content.notes.join('\n'),
    answered_at: a.createdAt.toISOString(),
    updated_at: a.updatedAt.toISOString(),
    edits: a.edits.length,
  }));
}

export function toCsv(rows: readonly ExportRow[]): string {
  return stringify(rows as ExportRow[], { header: true, columns: [...EXPORT_COLUMNS] });
}
