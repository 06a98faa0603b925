import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { PlannedPost } from '../src/domain/plan.js';
import { cleanEnv, runCli } from './support/cli.js';

const example = fileURLToPath(new URL('../paceline.example.yml', import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'paceline-plan-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The playbook's sprint unless the test names another start. */
async function plan(...args: string[]) {
  const from = args.includes('--from') ? [] : ['--from', '2025-10-04'];
  return runCli(['plan', '--config', example, ...from, ...args], { cwd: work, env: cleanEnv() });
}

describe('paceline plan on the playbook config', () => {
  it('lists every post of the sprint, from the config alone', async () => {
    const r = await plan('--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const posts = JSON.parse(r.stdout) as PlannedPost[];
    const count = (job: string) => posts.filter((p) => p.job === job).length;
    // 10 working days × (crew + 3 stream prompts + reminders + summary), 2 Mondays, 2 Fridays, 3 streams' demos, 1 kickoff.
    expect([count('tiger-crew'), count('standup-open'), count('standup-remind'), count('standup-summary')]).toEqual([10, 30, 10, 10]);
    expect([count('digest'), count('chaos-drill'), count('chaos-drill-reminder')]).toEqual([2, 2, 2]);
    expect([count('demo-prep'), count('demo-day'), count('retro'), count('retro-summary'), count('sprint-kickoff')]).toEqual([
      3, 3, 1, 1, 1,
    ]);
    expect(posts).toHaveLength(75);
  });

  it('names the Tiger Crew of each working day, round the pool two at a time', async () => {
    const posts = JSON.parse((await plan('--format', 'json')).stdout) as PlannedPost[];
    const crews = posts.filter((p) => p.job === 'tiger-crew').map((p) => `${p.date} ${p.preview}`);
    const pairs = ['Omar, Lena', 'Noor, Theo', 'Felix, Yuki'];
    const days = ['06', '07', '08', '09', '10', '13', '14', '15', '16', '17'];
    expect(crews).toEqual(days.map((d, i) => `2025-10-${d} Tiger Crew today: ${pairs[i % 3]}`));
  });

  it('shows local and UTC times, the chaos-drill owner of each week and the ceremonies on their days', async () => {
    const r = await plan();
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Paceline plan Sat 2025-10-04 → Fri 2025-10-17 (America/Los_Angeles), 75 posts');
    const row = (needle: string) =>
      lines
        .find((l) => l.includes(needle))
        ?.replace(/\s+/g, ' ')
        .trim();
    expect(row('chaos drill week 1')).toBe(
      '09:30 PDT 16:30Z chaos-drill #governance-core chaos drill week 1: Governance Core, owner Ada; 5-item checklist, Report button',
    );
    expect(row('chaos drill week 2')).toMatch(/^09:30 PDT 16:30Z chaos-drill #runtime-training .*Runtime & Training, owner Kai/);
    expect(lines).toContain('Fri 2025-10-10 · sprint 1 day 7');
    expect(row('demo day agenda for Governance Core')).toBe(
      '08:30 PDT 15:30Z demo-day #governance-core demo day agenda for Governance Core (slot 10:00): what the stream finished this sprint',
    );
    expect(row('demo prep: Runtime')).toBe(
      '15:00 PDT 22:00Z demo-prep #runtime-training demo prep: Runtime & Training demos on Fri 2025-10-10; list what you will show',
    );
    expect(row('retrospective and planning')).toMatch(/^10:00 PDT 17:00Z retro #sprint-sync .*day 14 of 14/);
  });

  it('--from and --days pick any window, in winter time after the DST change', async () => {
    const posts = JSON.parse((await plan('--from', '2025-11-03', '--days', '1', '--format', 'json')).stdout) as PlannedPost[];
    const open = posts.find((p) => p.job === 'standup-open');
    expect(open).toMatchObject({ date: '2025-11-03', localTime: '09:00 PST', utc: '17:00Z', sprintNumber: 3, day: 3 });
    // Week 5 of the chain of sprints: the order has cycled back to Runtime (G, R, E, G, R).
    expect(posts.find((p) => p.job === 'chaos-drill')?.preview).toMatch(/^chaos drill week 5: Runtime & Training, owner Noor;/);
  });

  it('rejects bad options with what it expected', async () => {
    const bad = await plan('--from', '2025-13-01', '--days', 'two', '--format', 'yaml');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('paceline: plan --from: is not a calendar date');
    expect(bad.stderr).toContain('paceline: plan --days: expected a number of days');
    expect(bad.stderr).toContain('paceline: plan --format: expected text or json');
  });
});

describe('paceline plan without --from', () => {
  it('plans the sprint that contains today, not the first one', async () => {
    // Consecutive 14-day sprints that started 20 days ago: today is in the second one.
    const today = DateTime.now().setZone('America/Los_Angeles').startOf('day');
    const first = today.minus({ days: 20 }).toISODate() as string;
    const second = today.minus({ days: 6 }).toISODate() as string;
    const file = path.join(work, 'chained.yml');
    writeFileSync(file, readFileSync(example, 'utf8').replace(/start: "?2025-10-04"?/, `start: "${first}"`));
    const r = await runCli(['plan', '--config', file, '--format', 'json'], { cwd: work, env: cleanEnv() });
    expect(r.stderr).toBe('');
    const posts = JSON.parse(r.stdout) as PlannedPost[];
    expect(posts.length).toBeGreaterThan(0);
    expect(posts.every((p) => p.sprintNumber === 2)).toBe(true);
    expect((posts[0]?.date ?? '') >= second).toBe(true);
  });
});
