import type { KnownBlock, View } from '@slack/types';
import { checkBlocks, context, escapeText, header, section, truncate } from '../blocks.js';

export const CHAOS_REPORT_ACTION = 'chaos_report';
export const CHAOS_REPORT_CALLBACK = 'chaos_report_modal';
export const OUTCOMES = ['passed', 'partial', 'failed'] as const;

export function chaosDrillBlocks(o: {
  week: number;
  streamName: string;
  owner: string;
  checklist: string[];
  report: { outcome: string; by: string; findings: string; followUps: string } | null;
}): KnownBlock[] {
  const blocks: KnownBlock[] = [
    header(`Chaos drill · week ${o.week} · ${o.streamName}`),
    section(`Owner this week: ${o.owner}\n${o.checklist.map((c, i) => `${i + 1}. ${escapeText(c)}`).join('\n')}`),
  ];
  if (o.report === null) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: CHAOS_REPORT_ACTION,
          text: { type: 'plain_text', text: 'Report' },
          style: 'primary',
          value: String(o.week),
        },
      ],
    });
    blocks.push(context('Report the outcome by Friday; it goes into the Monday digest.'));
  } else {
    blocks.push(
      section(
        `*Reported by ${o.report.by}: ${o.report.outcome}*\n*Findings:* ${escapeText(truncate(o.report.findings || '—', 1200))}\n*Follow-ups:* ${escapeText(truncate(o.report.followUps || '—', 1200))}`,
      ),
    );
  }
  return checkBlocks(blocks, 'message');
}

export function chaosReportModal(week: number, streamName: string): View {
  return {
    type: 'modal',
    callback_id: CHAOS_REPORT_CALLBACK,
    private_metadata: JSON.stringify({ week }),
    title: { type: 'plain_text', text: 'Chaos drill report' },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      context(`Week ${week} · ${escapeText(streamName)}`),
      {
        type: 'input',
        block_id: 'outcome',
        label: { type: 'plain_text', text: 'Outcome' },
        element: {
          type: 'radio_buttons',
          action_id: 'value',
          options: OUTCOMES.map((o) => ({ text: { type: 'plain_text', text: o }, value: o })),
        },
      },
      {
        type: 'input',
        block_id: 'findings',
        optional: true,
        label: { type: 'plain_text', text: 'Findings' },
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 2000 },
      },
      {
        type: 'input',
        block_id: 'followUps',
        optional: true,
        label: { type: 'plain_text', text: 'Follow-ups' },
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 2000 },
      },
    ],
  };
}

export function listOrNone(items: string[], max: number, none: string): string {
  if (items.length === 0) return none;
  const shown = items.slice(0, max).map((i) => `• ${escapeText(truncate(i, 200))}`);
  return [...shown, ...(items.length > max ? [`…and ${items.length - max} more`] : [])].join('\n');
}
