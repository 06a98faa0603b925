// npm run bench (P3): how late the 09:00 stand-up prompts reach Slack, from each scheduled
// instant to the chat.postMessage call, over 100 scheduled slots, for a 50-stream organisation.
//
// The real scheduler runs: node-cron's timer, the job runner's tick, the stand-up service, the
// poster, the Web API client, to the emulator through a pass-through proxy that notes when each
// call arrives. Two things are compressed so that a hundred slots take minutes, not a hundred
// days: node-cron ticks every CADENCE seconds instead of every minute (its timer is the same
// setTimeout to the next matching instant), and the app's clock runs at the wall clock's pace
// but is moved, between ticks, to a few seconds before the next working day's 09:00, where a
// tick of its own runs the day's other work (the 08:55 Tiger Crew post, the skipped leftovers)
// just as the minute tick before 09:00 does in production. The next node-cron tick then falls on
// that day's 09:00 exactly. The floor, in the same run and process: a bare node-cron task on the
// same expression, noting how late its own callback runs.
//
// Unpaced, as the other benches: with Slack's limits honoured, 50 prompts (one per channel) are
// within chat.postMessage's 300 a minute and one a second per channel, so the pacer adds no wait
// at 09:00. Two rounds of 50 slots, each on a new workspace (the emulator allows a token 5,000
// calls an hour), database and app.
import cron from 'node-cron';
import type { Clock } from '../src/clock.js';
import { slotsOnDate } from '../src/domain/schedule.js';
import { addDays } from '../src/domain/calendar.js';
import { createTestDatabase } from '../test/support/databases.js';
import { startFaultProxy } from '../test/support/faultProxy.js';
import { SIGNING_SECRET, startTestApp } from '../test/support/paceline.js';
import { scaledConfig } from '../test/support/scaledConfig.js';
import { startSlackWorkspace } from '../test/support/slackEmulator.js';
import { record } from './support/summary.js';

const STREAMS = Number(process.env.BENCH_STREAMS ?? 50);
const SLOTS = Number(process.env.BENCH_SLOTS ?? 100);
const ROUNDS = 2;
const CADENCE_S = 4;
/** How long before a slot the clock is moved to its day and that day's earlier work is run. */
const LEAD_MS = 2_500;
const config = scaledConfig(STREAMS, 20);

/** The wall clock, moved by a settable offset (the app's "now"). */
class OffsetClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(performance.timeOrigin + performance.now() + this.offsetMs);
  }
}

const wallMs = () => performance.timeOrigin + performance.now();
const sleepUntil = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms - wallMs())));

/** The next `n` stand-up prompt slots from the first sprint day on (working days only). */
function promptSlots(n: number): { date: string; at: Date }[] {
  const out: { date: string; at: Date }[] = [];
  for (let date = config.sprint.start; out.length < n; date = addDays(date, 1)) {
    const slot = slotsOnDate(config, date).find((s) => s.job === 'standup-open');
    if (slot !== undefined) out.push({ date, at: slot.at });
  }
  return out;
}

interface SlotDelay {
  first: number;
  last: number;
  prompts: number;
}

async function round(slots: { date: string; at: Date }[], floor: number[]): Promise<SlotDelay[]> {
  const slack = await startSlackWorkspace(config, SIGNING_SECRET);
  const proxy = await startFaultProxy(slack.apiUrl);
  const db = await createTestDatabase('postgres', 'bench-send');
  const clock = new OffsetClock();
  // Boot a minute before the first slot's lead, so the boot's own catch-up is not measured.
  const first = slots[0] as { at: Date };
  clock.offsetMs = first.at.getTime() - 60_000 - wallMs();
  const { app } = await startTestApp({
    config,
    apiUrl: proxy.apiUrl,
    clock,
    database: db,
    logLevel: 'info',
    tickExpression: `*/${CADENCE_S} * * * * *`,
  });
  const fires: number[] = [];
  // The floor: node-cron alone, on the same expression, in the same process.
  const bare = cron.schedule(`*/${CADENCE_S} * * * * *`, () => {
    fires.push(wallMs());
  });
  const out: SlotDelay[] = [];
  try {
    const cadence = CADENCE_S * 1000;
    // The first boundary far enough ahead for the boot tick to be done.
    let boundary = Math.ceil((wallMs() + 3 * cadence) / cadence) * cadence;
    for (const slot of slots) {
      await sleepUntil(boundary - LEAD_MS);
      // The clock now reads the slot's day a little before 09:00; that tick runs what came before.
      clock.offsetMs = slot.at.getTime() - boundary;
      await app.runner.tick();
      await app.idle();
      if (wallMs() > boundary - 200) throw new Error(`the tick before ${slot.date} ran into its 09:00; raise LEAD_MS`);
      const purpose = new RegExp(`standup-prompt:[^:]+:${slot.date}`);
      const prompts = () => proxy.calls.filter((c) => c.method === 'chat.postMessage' && purpose.test(c.body));
      // Wait for the node-cron tick at the boundary and its prompts (bounded).
      const deadline = boundary + 20_000;
      while (prompts().length < STREAMS && wallMs() < deadline) await new Promise((r) => setTimeout(r, 50));
      await app.idle();
      const arrivals = prompts().map((c) => performance.timeOrigin + c.at - boundary);
      if (arrivals.length < STREAMS) throw new Error(`only ${arrivals.length} of ${STREAMS} prompts for ${slot.date} reached Slack`);
      out.push({ first: Math.min(...arrivals), last: Math.max(...arrivals), prompts: arrivals.length });
      const fired = fires.find((f) => f >= boundary - 50 && f < boundary + cadence);
      if (fired !== undefined) floor.push(fired - boundary);
      boundary += cadence * Math.ceil((wallMs() + LEAD_MS + 100 - boundary) / cadence);
    }
    return out;
  } finally {
    await bare.stop();
    await bare.destroy();
    await app.stop();
    await db.drop();
    await proxy.close();
    await slack.close();
  }
}

const all = promptSlots(SLOTS);
const floor: number[] = [];
const delays: SlotDelay[] = [];
const perRound = Math.ceil(SLOTS / ROUNDS);
for (let i = 0; i < all.length; i += perRound) delays.push(...(await round(all.slice(i, i + perRound), floor)));

const q = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] as number;
};
const line = (label: string, xs: number[]) =>
  `${label.padEnd(38)} p50 ${(q(xs, 0.5) / 1000).toFixed(3)} s   p99 ${(q(xs, 0.99) / 1000).toFixed(3)} s   max ${(Math.max(...xs) / 1000).toFixed(3)} s`;
const last = delays.map((d) => d.last);
console.log(
  `stand-up prompts, ${STREAMS} streams × 20 people, PostgreSQL, ${delays.length} slots (node-cron every ${CADENCE_S} s; each slot a working day's 09:00)`,
);
console.log(line('bare node-cron callback (floor)', floor));
console.log(
  line(
    'first prompt reaches Slack',
    delays.map((d) => d.first),
  ),
);
console.log(line(`last of the ${STREAMS} prompts reaches Slack`, last));
record({
  measure: `P3 prompt send delay (last of ${STREAMS}), p99`,
  value: `${(q(last, 0.99) / 1000).toFixed(2)} s`,
  goal: 'p99 ≤ 5 s',
  met: q(last, 0.99) <= 5000,
});
