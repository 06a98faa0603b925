import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import prand from 'pure-rand';
import { SettableClock } from '../src/clock.js';
import type { RunningPaceline } from '../src/main.js';
import { createTestDatabase, type TestDatabase } from './support/databases.js';
import { type CapturedLogs, exampleConfig, SIGNING_SECRET, startTestApp } from './support/paceline.js';
import { postSigned } from './support/signedHttp.js';
import { startSlackWorkspace, userIds, type SlackWorkspace } from './support/slackEmulator.js';

// 5,000 signed, malformed requests (commands, interactive payloads, events, raw bodies) from a
// seeded generator: the app must never exit, hang, answer 5xx, or take longer than Slack's 3 s.
const config = exampleConfig();
const clock = new SettableClock('2025-10-08T17:00:00Z');
const REQUESTS = 5000;
const CONCURRENCY = 16;

let slack: SlackWorkspace;
let testDb: TestDatabase;
let app: RunningPaceline;
let baseUrl: string;
let logs: CapturedLogs;
let users: string[];

beforeAll(async () => {
  slack = await startSlackWorkspace(config, SIGNING_SECRET);
  testDb = await createTestDatabase('embedded', 'fuzz');
  ({ app, baseUrl, logs } = await startTestApp({ config, apiUrl: slack.apiUrl, clock, database: testDb }));
  users = [...(await userIds(slack.apiUrl)).values()];
});

afterAll(async () => {
  await app?.stop();
  await slack?.close();
  await testDb?.drop();
});

/** A small seeded generator of hostile values. */
class Gen {
  private rng: prand.RandomGenerator;
  constructor(seed: number) {
    this.rng = prand.xoroshiro128plus(seed);
  }
  int(max: number): number {
    return prand.unsafeUniformIntDistribution(0, max - 1, this.rng);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)] as T;
  }
  chance(p: number): boolean {
    return this.int(1000) < p * 1000;
  }
  text(): string {
    return this.pick([
      '',
      ' ',
      '\u0000',
      'api down\u0000\u0001 stream:governance',
      'x'.repeat(10_000),
      '9999-12-31',
      'cover <@U000000001> 9999-12-31',
      'swap <@U1> <@U2> +010000-01-01',
      'ooo 2025-01-01 9999-12-31',
      '<!channel> <!here> <!subteam^S123> @channel',
      'R&amp;D &lt;b&gt;',
      'resolve B-99999999999999999999999',
      'ack B--1',
      'list stream:',
      '"; DROP TABLE "Blocker"; --',
      '🙂'.repeat(500),
      '{"a":',
      'help',
      'status',
      `<@${this.pick(users)}|someone>`,
      String(this.int(1e9)),
    ]);
  }
  value(): unknown {
    return this.pick([null, 0, -1, 1e308, '', 'x', [], {}, [null], { nested: null }, true, this.text()]);
  }
  /** Drops, nulls or retypes some fields of an object, recursively one level down. */
  mangle(o: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) {
      if (this.chance(0.15)) continue;
      if (this.chance(0.15)) out[k] = this.value();
      else if (v !== null && typeof v === 'object' && !Array.isArray(v) && this.chance(0.5))
        out[k] = this.mangle(v as Record<string, unknown>);
      else out[k] = v;
    }
    return out;
  }
}

const ACTIONS = ['blocker_ack', 'blocker_swarm', 'blocker_resolve', 'standup_answer', 'chaos_report', 'no_such_action'];
const VIEWS = ['standup_modal', 'blocker_resolve_modal', 'chaos_report_modal', 'no_such_view'];
const COMMANDS = ['/blocker', '/tiger', '/standup', '/sprint', '/nope'];

function request(g: Gen): { body: string; type: string; label: string } {
  const user = g.pick([...users, 'U000000000', '', 'W123']);
  const kind = g.int(4);
  if (kind === 0) {
    const form: Record<string, string> = {
      command: g.pick(COMMANDS),
      text: g.text(),
      user_id: user,
      channel_id: g.pick(['C000000001', '', 'D123']),
      team_id: 'T000000001',
      trigger_id: `${g.int(1e9)}.${g.int(1e9)}`,
      response_url: `${baseUrl}/unused`,
    };
    for (const k of Object.keys(form)) if (g.chance(0.1)) delete form[k];
    return { body: new URLSearchParams(form).toString(), type: 'application/x-www-form-urlencoded', label: `command ${form.command}` };
  }
  if (kind === 1) {
    const type = g.pick(['block_actions', 'view_submission', 'view_closed', 'shortcut', 'message_action', 'block_suggestion', 'nonsense']);
    const payload = g.mangle({
      type,
      user: { id: user, username: 'fuzz', team_id: 'T000000001' },
      team: { id: 'T000000001' },
      api_app_id: 'A000000001',
      trigger_id: `${g.int(1e9)}.1`,
      callback_id: g.pick(['shortcut_x', '']),
      response_url: `${baseUrl}/unused`,
      channel: { id: 'C000000001' },
      actions: [{ type: 'button', action_id: g.pick(ACTIONS), block_id: 'b', value: String(g.value()), action_ts: '1' }],
      view: {
        id: 'V1',
        type: 'modal',
        callback_id: g.pick(VIEWS),
        private_metadata: g.pick(['', '{', '{"number":1}', '{"runId":99999}', 'null', String(g.value())]),
        state: { values: g.chance(0.5) ? {} : { a: { b: { type: 'plain_text_input', value: g.text() } } } },
      },
    });
    return {
      body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      type: 'application/x-www-form-urlencoded',
      label: `payload ${type}`,
    };
  }
  if (kind === 2) {
    const event = g.mangle({
      type: g.pick(['message', 'app_home_opened', 'reaction_added', 'nonsense']),
      subtype: g.pick([undefined, 'message_changed', 'bot_message', 'weird']),
      channel: g.pick(['C000000001', '', 'D1']),
      user,
      text: g.text(),
      ts: `${g.int(1e9)}.000100`,
      thread_ts: g.pick([undefined, '1.1', `${g.int(1e9)}.000100`]),
      tab: 'home',
      message: { user, text: g.text(), ts: '1.2', thread_ts: '1.1' },
    });
    const body = g.mangle({
      type: 'event_callback',
      team_id: 'T000000001',
      api_app_id: 'A000000001',
      event_id: `Ev${g.int(1e9)}`,
      event_time: 1,
      event,
    });
    return { body: JSON.stringify(body), type: 'application/json', label: `event ${String(event.type)}` };
  }
  return {
    body: g.pick([
      'null',
      '[]',
      '{',
      '',
      '42',
      '"x"',
      'payload=null',
      'payload=%7B%7D',
      'ssl_check=1',
      '{"type":"url_verification","challenge":"c"}',
    ]),
    type: g.pick(['application/json', 'application/x-www-form-urlencoded', 'text/plain']),
    label: 'raw',
  };
}

describe('5,000 malformed signed requests', () => {
  it('never crash, hang, 5xx or exceed 3 s', async () => {
    const g = new Gen(20251008);
    const requests = Array.from({ length: REQUESTS }, () => request(g));
    const results: { label: string; status: number; ms: number }[] = [];
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const r = requests[next++] as ReturnType<typeof request>;
        const started = performance.now();
        const res = await postSigned(`${baseUrl}/slack/events`, r.body, r.type, { secret: SIGNING_SECRET });
        await res.arrayBuffer();
        results.push({
          label:
            res.status >= 500 || performance.now() - started > 3000 ? `${r.label} ${decodeURIComponent(r.body).slice(0, 600)}` : r.label,
          status: res.status,
          ms: performance.now() - started,
        });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await app.idle();

    expect(results).toHaveLength(REQUESTS);
    const errors = logs.lines
      .filter((l) => (l.level as number) >= 50)
      .map((l) => `${String(l.msg)} ${JSON.stringify(l.err ?? '').slice(0, 300)}`);
    expect(
      results.filter((r) => r.status >= 500).map((r) => `${r.label} ${r.status}`),
      [...new Set(errors)].slice(0, 10).join('\n'),
    ).toEqual([]);
    expect(results.filter((r) => r.ms > 3000).map((r) => r.label)).toEqual([]);
    // The process is alive and still does its work.
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
    const statuses = new Map<number, number>();
    for (const r of results) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    // Both accepted and refused requests were exercised (the generator is not degenerate).
    expect(statuses.get(200)).toBeGreaterThan(REQUESTS / 10);
    expect(statuses.get(400)).toBeGreaterThan(REQUESTS / 20);
  });
});
