import type { SmokeResultView as SmokeResult } from '../../services/ports.js';
import { escapeText } from '../blocks.js';

const link = (url: string, label: string) => `<${url.replace(/[<>|]/g, encodeURIComponent)}|${escapeText(label)}>`;

function runLabel(r: SmokeResult): string {
  return `run${r.runNumber === null ? '' : ` #${r.runNumber}`} of ${r.repository}${r.branch ? ` (${r.branch})` : ''}`;
}

/** The nightly staging smoke result, as each stream channel shows it. */
export function smokeResultMessage(r: SmokeResult & { streamName: string }): { text: string } {
  return r.passed
    ? { text: `:white_check_mark: Staging smoke passed: ${link(r.url, runLabel(r))}.` }
    : {
        text:
          `:x: Staging smoke ${r.conclusion === 'failure' ? 'failed' : `ended ${escapeText(r.conclusion)}`}: ${link(r.url, runLabel(r))}. ` +
          `The failing jobs are listed in the run. Today's Tiger Crew is on it; ${escapeText(r.streamName)}, hold deploys to staging until it is green.`,
      };
}

/** The page to today's Tiger Crew when the smoke fails. */
export function smokePageMessage(r: SmokeResult & { crew: string[] }): { text: string } {
  const who = r.crew.length > 0 ? r.crew.map((id) => `<@${id}>`).join(' ') : 'Tiger Crew (nobody is on shift today; leads, please take it)';
  return {
    text: `:rotating_light: ${who}: staging smoke ${r.conclusion === 'failure' ? 'failed' : `ended ${escapeText(r.conclusion)}`} — ${link(r.url, runLabel(r))}. Please triage it.`,
  };
}
