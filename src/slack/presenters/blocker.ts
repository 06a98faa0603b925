import type { KnownBlock, View } from '@slack/types';
import type { BlockerRecord } from '../../domain/blocker.js';
import type { BlockerView } from '../../services/ports.js';
import { checkBlocks, context, escapeText, section, truncate } from '../blocks.js';

export const BLOCKER_ACTIONS = { ack: 'blocker_ack', swarm: 'blocker_swarm', resolve: 'blocker_resolve' } as const;
export const RESOLVE_CALLBACK = 'blocker_resolve_modal';

const mention = (id: string) => `<@${id}>`;

export function blockerText(b: BlockerRecord, v: BlockerView): string {
  const state = b.state === 'resolved' ? 'resolved' : b.state === 'acked' ? 'acknowledged' : 'open';
  // The notification text is mrkdwn too: the person's text is escaped, so it cannot ping anyone.
  return `B-${b.number} (${state}) ${v.streamName}${v.needsStreamName ? ` needs ${v.needsStreamName}` : ''}: ${escapeText(truncate(b.text, 2000))}`;
}

export function blockerBlocks(b: BlockerRecord, v: BlockerView): KnownBlock[] {
  const status =
    b.state === 'resolved'
      ? `:white_check_mark: *Resolved*${b.resolution ? `: ${escapeText(truncate(b.resolution, 500))}` : ''}`
      : b.state === 'acked'
        ? ':eyes: *Acknowledged*'
        : ':red_circle: *Open*';
  const tags = [b.crossStream ? '`cross-stream`' : '', v.needsStreamName ? `needs *${escapeText(v.needsStreamName)}*` : '']
    .filter(Boolean)
    .join(' · ');
  const people = [
    // A blocker from the tracker's cross-stream label was reported by nobody in Slack.
    b.reporterSlackId === '' ? 'Filed from the tracker (cross-stream label)' : `Reported by ${mention(b.reporterSlackId)}`,
    b.ownerSlackId ? `owner ${mention(b.ownerSlackId)}` : 'no owner yet',
    v.crew.length > 0 ? `Tiger Crew ${v.crew.map(mention).join(' ')}` : '',
    b.swarm.length > 0 ? `swarming: ${b.swarm.map(mention).join(' ')}` : '',
  ].filter(Boolean);
  const blocks: KnownBlock[] = [
    section(`*B-${b.number}* · ${escapeText(v.streamName)}${tags ? ` · ${tags}` : ''}\n${escapeText(truncate(b.text, 2000))}`),
    context(
      status,
      people.join(' · '),
      b.state !== 'resolved' && v.nextEscalation
        ? `Next escalation: ${v.nextEscalation}`
        : b.escalationLevel >= 1
          ? `Escalated to level ${b.escalationLevel}`
          : '',
    ),
  ];
  if (b.state !== 'resolved') {
    blocks.push({
      type: 'actions',
      block_id: `blocker-${b.number}`,
      elements: [
        ...(b.state === 'open'
          ? [
              {
                type: 'button' as const,
                action_id: BLOCKER_ACTIONS.ack,
                text: { type: 'plain_text' as const, text: 'Acknowledge' },
                value: String(b.number),
              },
            ]
          : []),
        { type: 'button', action_id: BLOCKER_ACTIONS.swarm, text: { type: 'plain_text', text: 'Swarm' }, value: String(b.number) },
        {
          type: 'button',
          action_id: BLOCKER_ACTIONS.resolve,
          text: { type: 'plain_text', text: 'Resolve' },
          style: 'primary',
          value: String(b.number),
        },
      ],
    });
  }
  // Context blocks may not be empty.
  return checkBlocks(
    blocks.map((block) =>
      block.type === 'context' ? { ...block, elements: block.elements.filter((e) => 'text' in e && e.text !== '') } : block,
    ),
    'message',
  );
}

export function resolveModal(number: number, text: string): View {
  return {
    type: 'modal',
    callback_id: RESOLVE_CALLBACK,
    private_metadata: JSON.stringify({ number }),
    title: { type: 'plain_text', text: `Resolve B-${number}` },
    submit: { type: 'plain_text', text: 'Resolve' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      section(escapeText(truncate(text, 2000))),
      {
        type: 'input',
        block_id: 'note',
        optional: true,
        label: { type: 'plain_text', text: 'How was it resolved?' },
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 1000 },
      },
    ],
  };
}
