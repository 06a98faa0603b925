import type { KnownBlock } from '@slack/types';

// Slack's documented limits; a renderer that exceeds one gets `invalid_blocks` from Slack,
// which the user would only see as a missing message, so we truncate visibly instead.
export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  buttonText: 75,
  messageText: 40_000,
} as const;

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 1)}…`;
}

export function header(text: string): KnownBlock {
  return { type: 'header', text: { type: 'plain_text', text: truncate(text, LIMITS.headerText), emoji: true } };
}

export function section(markdown: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(markdown, LIMITS.sectionText) } };
}

export function context(...markdown: string[]): KnownBlock {
  return {
    type: 'context',
    elements: markdown.slice(0, LIMITS.contextElements).map((m) => ({ type: 'mrkdwn', text: truncate(m, LIMITS.sectionText) })),
  };
}

export function divider(): KnownBlock {
  return { type: 'divider' };
}

/** Throws when a list of blocks breaks a limit we cannot fix by truncating text. */
export function checkBlocks(blocks: KnownBlock[], where: 'message' | 'view'): KnownBlock[] {
  const max = where === 'message' ? LIMITS.blocksPerMessage : LIMITS.blocksPerView;
  if (blocks.length > max) throw new RangeError(`${blocks.length} blocks in a ${where}; Slack allows ${max}`);
  return blocks;
}

/** Slack's mrkdwn needs &, < and > escaped in text that came from users or config. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
