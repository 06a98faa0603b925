import { z } from 'zod';
import type { ListenerDeps } from '../../deps.js';
import type { Surfaces } from '../surfaces.js';
import { readMetadata } from './metadata.js';
import { refusalText } from '../presenters/index.js';
import { FIELD_MAX, MODAL_CALLBACK, QUESTIONS, readModalFields } from '../presenters/standup.js';

const Metadata = z.object({ runId: z.number().int() });

export function register(surfaces: Surfaces, deps: ListenerDeps): void {
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
    const user = body.user.id;
    // Stored before the modal closes: if the database cannot take it, the modal stays open
    // with everything typed in it and says so.
    let recorded;
    try {
      recorded = await deps.services.standups.recordModal(runId, user, fields);
    } catch (err) {
      deps.logger.error({ err, runId, user }, 'saving a stand-up answer failed');
      await ack({
        response_action: 'errors',
        errors: {
          yesterday: 'Paceline could not save this right now; nothing was saved. Your text is still here: press Save again in a minute.',
        },
      });
      return;
    }
    if (!recorded.ok) {
      await ack({ response_action: 'errors', errors: { yesterday: refusalText(recorded.refusal) } });
      return;
    }
    const saved = recorded.value;
    await ack();
    const blockers = await deps.services.standups.afterModal(saved.answer, user);
    await client.chat.postEphemeral({
      channel: saved.channel,
      user,
      text: `Saved your stand-up for ${saved.stream}.${blockers.length > 0 ? ` Tracked as blocker ${blockers.map((n) => `B-${n}`).join(', ')}.` : ''}`,
    });
  });
}
