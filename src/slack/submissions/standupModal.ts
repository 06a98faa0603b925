import { z } from 'zod';
import type { Deps } from '../../deps.js';
import type { Surfaces } from '../surfaces.js';
import { readMetadata } from './metadata.js';
import { FIELD_MAX, MODAL_CALLBACK, QUESTIONS, readModalFields } from '../views/standup.js';

const Metadata = z.object({ runId: z.number().int() });

export function register(surfaces: Surfaces, deps: Deps): void {
  surfaces.view(MODAL_CALLBACK, async ({ ack, view, body, client }) => {
    const metadata = readMetadata(Metadata, view.private_metadata);
    if (metadata === null) {
      await ack({ response_action: 'errors', errors: { yesterday: 'This form is out of date. Close it and run /standup again.' } });
      return;
    }
    const runId = metadata.runId;
    const fields = readModalFields(view.state.values);
    const tooLong = QUESTIONS.filter((q) => fields[q.field].length > FIELD_MAX);
    if (tooLong.length > 0) {
      await ack({
        response_action: 'errors',
        errors: Object.fromEntries(
          tooLong.map((q) => [q.field, `Keep it under ${FIELD_MAX} characters (this has ${fields[q.field].length}).`]),
        ),
      });
      return;
    }
    if (deps.services.standups.modalAnswerIsEmpty(fields)) {
      await ack({
        response_action: 'errors',
        errors: { yesterday: 'Answer at least one question (write "none" where there is nothing to say).' },
      });
      return;
    }
    await ack();
    const user = body.user.id;
    try {
      const saved = await deps.services.standups.saveModal(runId, user, fields);
      const text =
        'problem' in saved
          ? `Your answer was not saved: ${saved.problem}`
          : `Saved your stand-up for ${saved.stream}.${saved.blockers.length > 0 ? ` Tracked as blocker ${saved.blockers.map((n) => `B-${n}`).join(', ')}.` : ''}`;
      const channel = 'problem' in saved ? user : saved.channel;
      await client.chat.postEphemeral({ channel, user, text });
    } catch (err) {
      // The modal is closed already: send the person what they wrote so nothing is lost.
      deps.logger.error({ err, runId, user }, 'saving a stand-up answer failed');
      const copy = QUESTIONS.map((q) => `*${q.label}*\n${fields[q.field] || '—'}`).join('\n');
      await client.chat.postMessage({
        channel: user,
        text: `Sorry, your stand-up answer could not be saved. Here is what you wrote, to try again with /standup:\n${copy}`,
      });
    }
  });
}
