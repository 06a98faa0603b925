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
  return {
    wentWell: s.wentWell,
    didnt: s.didnt,
    actions: s.actions.map((a) => ({ text: a, ownerSlackId: /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/.exec(a)?.[1] ?? null })),
    notes: s.notes,
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
