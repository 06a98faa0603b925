import { fromSlackText } from './slackText.js';
import { splitSections } from './standupParser.js';

export interface RetroAction {
  text: string;
  /** The Slack id of the first person mentioned in the action: its owner. */
  ownerSlackId: string | null;
}

export interface RetroContent {
  wentWell: string[];
  didnt: string[];
  actions: RetroAction[];
  notes: string[];
}

const LABELS: ['wentWell' | 'didnt' | 'actions', RegExp][] = [
  ['didnt', /^(didn'?t(?: go well)?|did not(?: go well)?|not (?:so )?well|went badly|bad|delta|improve|to improve|-)(?=\s*[:\-–—)]|\s*$)/i],
  ['wentWell', /^(went well|well|good|keep|kudos|\+)(?=\s*[:\-–—)]|\s*$)/i],
  ['actions', /^(actions?|action items?|todo|to do|next steps?|ap|->)(?=\s*[:\-–—)]|\s*$)/i],
];

export function parseRetro(text: string): RetroContent {
  const s = splitSections(text, LABELS);
  // The owner is the first mention in Slack's form; the text kept is plain (see fromSlackText).
  return {
    wentWell: s.wentWell.map(fromSlackText),
    didnt: s.didnt.map(fromSlackText),
    actions: s.actions.map((a) => {
      const owner = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/.exec(a);
      // The owner's mention leaves the text: the summary names the owner itself.
      const text =
        owner === null ? a : `${a.slice(0, owner.index)}${a.slice(owner.index + owner[0].length)}`.replace(/\s{2,}/g, ' ').trim();
      return { text: fromSlackText(text), ownerSlackId: owner?.[1] ?? null };
    }),
    notes: s.notes.map(fromSlackText),
  };
}

export function mergeRetro(parts: readonly RetroContent[]): RetroContent {
  return {
    wentWell: parts.flatMap((p) => p.wentWell),
    didnt: parts.flatMap((p) => p.didnt),
    actions: parts.flatMap((p) => p.actions),
    notes: parts.flatMap((p) => p.notes),
  };
}
