import { z } from 'zod';
import type { ListenerDeps } from '../../deps.js';
import type { Surfaces } from '../surfaces.js';
import { readMetadata } from './metadata.js';
import { refusalText } from '../presenters/index.js';
import { RESOLVE_CALLBACK } from '../presenters/blocker.js';

const Metadata = z.object({ number: z.number().int().positive() });

export function register(surfaces: Surfaces, deps: ListenerDeps): void {
  surfaces.view(RESOLVE_CALLBACK, async ({ ack, view, body, client }) => {
    const metadata = readMetadata(Metadata, view.private_metadata);
    if (metadata === null) {
      await ack({ response_action: 'errors', errors: { note: 'This form is out of date. Close it and use /blocker resolve <id>.' } });
      return;
    }
    const number = metadata.number;
    const note = view.state.values.note?.value?.value ?? '';
    if (note.length > 1000) {
      await ack({ response_action: 'errors', errors: { note: `Keep the note under 1000 characters (this has ${note.length}).` } });
      return;
    }
    await ack();
    const out = await deps.services.blockers.resolve(number, body.user.id, note);
    if (!out.ok)
      await client.chat.postMessage({ channel: body.user.id, text: `B-${number} was not resolved: ${refusalText(out.refusal)}` });
  });
}
