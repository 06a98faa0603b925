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

/** Day 6: the demo-prep reminder in a stream channel. */
export function demoPrepMessage(o: { text: string; done: string[] }) {
  return {
    text: o.text,
    blocks: [
      section(`:clapper: ${o.text}`),
      section(`*Done so far (from stand-ups):*\n${listOrNone(o.done, 15, '_Nothing reported yet._')}`),
    ],
  };
}

/** Day 7: a stream's demo agenda. */
export function demoDayMessage(o: { title: string; done: string[] }) {
  return {
    text: `${o.title}: ${o.done.length} items`,
    blocks: [header(o.title), section(`*Finished this sprint (from stand-ups):*\n${listOrNone(o.done, 25, '_Nothing reported yet._')}`)],
  };
}

/** Day 14: the retro and planning thread. */
export function retroMessage(o: { sprintNumber: number; text: string; summaryAt: string }) {
  return {
    text: o.text,
    blocks: [
      header(`Sprint ${o.sprintNumber} retrospective & planning`),
      section(
        '*Reply in this thread*, one reply per person (edit it to change it):\n*Went well:* …\n*Didn’t:* …\n*Actions:* … (mention an owner: `Actions: fix flaky e2e @kai`)',
      ),
      context(`The summary with action items and owners comes at ${o.summaryAt}; open actions are listed at the next sprint's kickoff.`),
    ],
  };
}

/** An action item with its owner, as the summary and the kickoff list it. */
export function actionLine(a: { text: string; ownerSlackId: string | null }): string {
  return `${escapeText(a.text)}${a.ownerSlackId && !a.text.includes(`<@${a.ownerSlackId}`) ? ` — <@${a.ownerSlackId}>` : ''}`;
}

/** The retro summary: what went well, what did not, the actions with their owners. */
export function retroSummaryMessage(o: {
  sprintNumber: number;
  answers: number;
  wentWell: string[];
  didnt: string[];
  actions: { text: string; ownerSlackId: string | null }[];
}) {
  const lines = o.actions.map(actionLine);
  return {
    text: `Sprint ${o.sprintNumber} retro summary: ${o.answers} answers, ${o.actions.length} action items`,
    blocks: [
      header(`Sprint ${o.sprintNumber} retro summary`),
      section(`*Went well* (${o.wentWell.length})\n${listOrNone(o.wentWell, 10, '—')}`),
      section(`*Didn’t* (${o.didnt.length})\n${listOrNone(o.didnt, 10, '—')}`),
      section(`*Action items*\n${lines.length === 0 ? '—' : lines.map((l) => `• ${l}`).join('\n')}`),
      context(`${o.answers} people answered. Open actions are listed at the next sprint's kickoff.`),
    ],
  };
}

/** The first working day of a sprint: its dates and the retro actions still open. */
export function kickoffMessage(o: {
  sprintNumber: number;
  dates: string;
  calendar: string;
  open: { text: string; ownerSlackId: string | null; sprintNumber: number }[];
}) {
  const lines = o.open.map((a) => `${actionLine(a)} _(sprint ${a.sprintNumber} retro)_`);
  return {
    text: `Sprint ${o.sprintNumber} starts: ${o.dates}, ${o.open.length} open retro actions`,
    blocks: [
      header(`Sprint ${o.sprintNumber} kickoff`),
      section(o.calendar),
      section(
        `*Open actions from earlier retros*\n${lines.length === 0 ? 'None — a clean start.' : lines.map((l) => `• ${l}`).join('\n')}`,
      ),
    ],
  };
}
