import type { KnownBlock, View } from '@slack/types';
import type { ModalFields } from '../../domain/standupAnswer.js';
import type { Presenters, StreamSummary } from '../../services/ports.js';
import { checkBlocks, context, escapeText, header, LIMITS, section, truncate } from '../blocks.js';

export const ANSWER_ACTION = 'standup_answer';
export const MODAL_CALLBACK = 'standup_modal';
export const FIELD_MAX = 3000;

export const QUESTIONS: { field: keyof ModalFields; label: string; hint: string }[] = [
  { field: 'yesterday', label: 'What did you do yesterday?', hint: 'One item per line' },
  { field: 'today', label: 'What will you do today?', hint: 'One item per line' },
  { field: 'blockers', label: 'What blocks you?', hint: 'Each line becomes a tracked blocker; leave empty for none' },
  { field: 'handoffs', label: 'Handoffs to other streams', hint: 'Name the stream, e.g. "schema ready for runtime"' },
];

export function promptBlocks(o: Parameters<Presenters['standupPrompt']>[0]): KnownBlock[] {
  return checkBlocks(
    [
      header(`${o.sprintLabel} – ${o.streamName} stand-up`),
      context(`${o.dayText} · Tiger Crew today: ${o.crew}`),
      section(
        '*Reply in this thread* (or press *Answer*):\n' +
          '1. *Yesterday:* what you did\n2. *Today:* what you will do\n3. *Blockers:* what stops you (`none` if nothing)\n' +
          '4. *Handoffs:* what another stream needs from you or you from it',
      ),
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: ANSWER_ACTION,
            text: { type: 'plain_text', text: 'Answer' },
            style: 'primary',
            value: String(o.runId),
          },
        ],
      },
      context(`Answers and edits count until ${o.closeAt}. Only blockers and handoffs are discussed in the meeting.`),
    ],
    'message',
  );
}

export function answerModal(o: { runId: number; streamName: string; date: string; fields: ModalFields }): View {
  return {
    type: 'modal',
    callback_id: MODAL_CALLBACK,
    private_metadata: JSON.stringify({ runId: o.runId }),
    title: { type: 'plain_text', text: 'Stand-up' },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      context(`${escapeText(o.streamName)} · ${o.date}`),
      ...QUESTIONS.map((q): KnownBlock => ({
        type: 'input',
        block_id: q.field,
        optional: true,
        label: { type: 'plain_text', text: q.label },
        hint: { type: 'plain_text', text: q.hint },
        element: {
          type: 'plain_text_input',
          action_id: 'value',
          multiline: true,
          max_length: FIELD_MAX,
          ...(o.fields[q.field] === '' ? {} : { initial_value: truncate(o.fields[q.field], FIELD_MAX) }),
        },
      })),
    ],
  };
}

export function summaryText(date: string, streams: StreamSummary[]): string {
  return `Stand-up summary ${date}: ` + streams.map((s) => `${s.name} ${s.answered}/${s.expected}`).join(', ');
}

export function summaryBlocks(o: { title: string; streams: StreamSummary[]; out: string[]; closed: boolean }): KnownBlock[] {
  const blocks: KnownBlock[] = [header(o.title)];
  for (const s of o.streams) {
    const handoffs = s.handoffs.map((h) => `  • ${h.from} → ${escapeText(h.to ?? 'another stream')}: ${escapeText(truncate(h.text, 300))}`);
    const lines = [
      `*${escapeText(s.name)}* — answered ${s.answered}/${s.expected} · blockers: ${s.blockers.new} new, ${s.blockers.open} open, ${s.blockers.escalated} escalated`,
      ...(handoffs.length > 0 ? ['Handoffs:', ...handoffs] : []),
      ...(s.notAnswered.length > 0 ? [`_Not answered yet: ${escapeText(s.notAnswered.join(', '))}_`] : []),
    ];
    blocks.push(section(truncate(lines.join('\n'), LIMITS.sectionText)));
  }
  blocks.push(context(o.out.length > 0 ? `Out today: ${escapeText(o.out.join(', '))}` : 'Nobody is out today'));
  if (!o.closed) blocks.push(context('Updated in place as late answers and edits arrive.'));
  return checkBlocks(blocks.slice(0, LIMITS.blocksPerMessage), 'message');
}

export function readModalFields(values: Record<string, Record<string, { value?: string | null }>>): ModalFields {
  const get = (f: keyof ModalFields) => values[f]?.value?.value ?? '';
  return { yesterday: get('yesterday'), today: get('today'), blockers: get('blockers'), handoffs: get('handoffs') };
}
