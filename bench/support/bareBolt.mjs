// The floor for memory: a bare Bolt app (HTTP receiver, signature checks, listeners that only
// ack) in a process of its own, run with plain node like `paceline start`. Prints its port.
// boltPrisma.mjs starts the same app with Prisma's client behind `/sprint`.
import { pathToFileURL } from 'node:url';
import bolt from '@slack/bolt';

/** Starts the Bolt app; `/sprint` answers with what `reply` gives. */
export async function startBoltFloor(name, reply) {
  const app = new bolt.App({
    token: process.env.SLACK_BOT_TOKEN,
    signingSecret: process.env.SLACK_SIGNING_SECRET,
    tokenVerificationEnabled: false,
    clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
  });
  app.command('/sprint', async ({ ack }) => {
    await ack({ response_type: 'ephemeral', text: await reply() });
  });
  app.event('app_home_opened', () => Promise.resolve());
  const server = await app.start(0);
  console.log(JSON.stringify({ msg: `${name} listening`, port: server.address().port }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await startBoltFloor('bare bolt', () => 'ok');
