import type { KnownBlock } from '@slack/types';
import type { Presenters } from '../../services/ports.js';
import type { Refusal, Result } from '../../domain/result.js';
import { escapeText } from '../blocks.js';
import { blockerBlocks, blockerText } from './blocker.js';
import { chaosDrillBlocks, demoDayMessage, demoPrepMessage, kickoffMessage, retroMessage, retroSummaryMessage } from './ceremonies.js';
import { answerModal, promptBlocks, summaryBlocks, summaryText } from './standup.js';
import { tigerCrewMessage } from './tigerCrew.js';
import { changelogMessage, reviewNudgeMessage } from './changelog.js';
import { smokePageMessage, smokeResultMessage } from './smoke.js';
import { digestMessage } from './digest.js';
import { ChartWorker } from './chartWorker.js';

/** One chart thread for the process, started on the first chart. */
const charts = new ChartWorker();

/** The Presenters port of the services, in Slack's Block Kit and mrkdwn (the views/ modules). */
export const presenters: Presenters = {
  plain: escapeText,
  blocker: (b, view) => ({ text: blockerText(b, view), blocks: blockerBlocks(b, view) }),
  tigerCrew: tigerCrewMessage,
  changelogEntry: changelogMessage,
  reviewNudge: reviewNudgeMessage,
  smokeResult: smokeResultMessage,
  smokePage: smokePageMessage,
  standupPrompt: (o) => ({
    text: `${o.sprintLabel} – ${o.streamName} stand-up, ${o.dayText}. Reply in this thread.`,
    blocks: promptBlocks(o),
  }),
  standupSummary: (o) => ({ text: summaryText(o.date, o.streams), blocks: summaryBlocks(o) }),
  answerForm: answerModal,
  chaosDrill: (o) => ({
    text: `Chaos drill week ${o.week}: ${o.streamName}, owner ${o.owner}${o.report ? ` — reported ${o.report.outcome}` : ''}`,
    blocks: chaosDrillBlocks(o) satisfies KnownBlock[],
  }),
  demoPrep: demoPrepMessage,
  demoDay: demoDayMessage,
  retro: retroMessage,
  retroSummary: retroSummaryMessage,
  kickoff: kickoffMessage,
  digest: digestMessage,
  // Drawn in a worker thread that exits when idle (chartWorker.ts): the chart libraries are large
  // and drawing is synchronous work that would delay the acknowledgement of Slack requests.
  burndownChart: (o) => charts.render(o),
};

/**
 * What a person is told when Paceline refuses: the reason, and when their input itself was
 * malformed (a `usage` refusal) the command's help after it, so they can try again at once.
 */
export function refusalText(r: Refusal, help?: string): string {
  return r.kind === 'usage' && help !== undefined ? `${r.reason}\n\n${help}` : r.reason;
}

/** A service's answer as the person reads it: its message, or why not. */
export function outcomeText(result: Result<{ message: string }>): string {
  return result.ok ? result.value.message : refusalText(result.refusal);
}
