// The floor for memory: a bare Bolt app (HTTP receiver, signature checks, listeners that only
// ack) in a process of its own, run with plain node like `paceline start`. Prints its port.
import bolt from '@slack/bolt';

const app = new bolt.App({
  token: process.env.SLACK_BOT_TOKEN,
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  tokenVerificationEnabled: false,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});
app.command('/sprint', async ({ ack }) => {
  await ack({ response_type: 'ephemeral', text: 'ok' });
});
app.event('app_home_opened', () => Promise.resolve());
const server = await app.start(0);
console.log(JSON.stringify({ msg: 'bare bolt listening', port: server.address().port }));
