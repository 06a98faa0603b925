// The Bolt app both memory floors share (bareBolt.mjs, boltPrisma.mjs): HTTP receiver, signature
// checks, listeners that only ack; `/sprint` answers with what `reply` gives.
import bolt from '@slack/bolt';

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
