// What the chosen stack needs at least, for the memory bench (P5): the bare Bolt app of
// bareBolt.mjs plus Prisma's client (generated into dist/, driver adapter on the pg driver, its
// WebAssembly query compiler) reading one table for each /sprint command. Run with the node
// options Paceline runs with, so that the difference to Paceline is Paceline's own code.
import bolt from '@slack/bolt';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../dist/db/generated/client.js';

const prisma = new PrismaClient({ adapter: new PrismaPg(new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 })) });
const app = new bolt.App({
  token: process.env.SLACK_BOT_TOKEN,
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  tokenVerificationEnabled: false,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});
app.command('/sprint', async ({ ack }) => {
  await ack({ response_type: 'ephemeral', text: `${(await prisma.stream.findMany()).length} streams` });
});
app.event('app_home_opened', () => Promise.resolve());
await prisma.stream.count();
const server = await app.start(0);
console.log(JSON.stringify({ msg: 'bolt with prisma listening', port: server.address().port }));
