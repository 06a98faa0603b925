import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { burndowns, type BurndownEvent } from '../src/domain/burndown.js';
import { burndownPng, burndownSvg } from '../src/slack/presenters/burndownChart.js';
import { inspectPng } from './support/png.js';

const calendar = {
  timezone: 'America/Los_Angeles',
  workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'] as ('mon' | 'tue' | 'wed' | 'thu' | 'fri')[],
  holidays: [],
};
const sprint = { number: 1, startDate: '2025-10-04', endDate: '2025-10-17' };
const streams = ['governance', 'runtime', 'experience'];
const names = new Map([
  ['governance', 'Governance Core'],
  ['runtime', 'Runtime & Training'],
  ['experience', 'Experience & Ecosystem'],
]);
// Four items per stream, 3 points each, added on day 1; one completes each working day in turn,
// and Runtime gains a 5-point item on Wednesday.
const events: BurndownEvent[] = [];
const at = (date: string) => new Date(`${date}T20:00:00Z`);
streams.forEach((stream, s) => {
  for (let i = 1; i <= 4; i++) {
    const id = `${stream.slice(0, 3).toUpperCase()}-${i}`;
    events.push({ identifier: id, kind: 'added', from: null, to: '1', at: at('2025-10-04') });
    events.push({ identifier: id, kind: 'stream', from: null, to: stream, at: at('2025-10-04') });
    events.push({ identifier: id, kind: 'points', from: null, to: '3', at: at('2025-10-04') });
    events.push({ identifier: id, kind: 'state', from: null, to: 'unstarted', at: at('2025-10-04') });
    const doneOn = ['2025-10-06', '2025-10-07', '2025-10-08', '2025-10-09'][(i + s) % 4] as string;
    if (i <= 3 - s) events.push({ identifier: id, kind: 'state', from: 'unstarted', to: 'completed', at: at(doneOn) });
  }
});
events.push({ identifier: 'RUN-9', kind: 'added', from: null, to: '1', at: at('2025-10-08') });
events.push({ identifier: 'RUN-9', kind: 'stream', from: null, to: 'runtime', at: at('2025-10-08') });
events.push({ identifier: 'RUN-9', kind: 'points', from: null, to: '5', at: at('2025-10-08') });
const data = burndowns({ events, sprint, calendar, today: '2025-10-09', streamKeys: streams });

describe('the burndown chart', () => {
  it('is an SVG with a panel per stream and the total, every label in the shipped font', async () => {
    const svg = await burndownSvg({ burndowns: data, names, today: '2025-10-09', title: 'Sprint 1 burndown' });
    for (const label of [
      'All streams',
      'Governance Core',
      'Runtime &amp; Training',
      'Experience &amp; Ecosystem',
      'Remaining',
      'Ideal',
      'Scope added',
    ])
      expect(svg).toContain(label);
    expect(svg).toContain('font-family="DejaVu Sans"');
  });

  it('renders to a PNG with no browser and no canvas', async () => {
    const png = await burndownPng({ burndowns: data, names, today: '2025-10-09', title: 'Sprint 1 burndown' });
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // IHDR: width and height, big-endian, at bytes 16–23. Twice the SVG's size; one column of
    // four panels (the total and three streams), so it is taller than wide, as phones show it.
    const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    expect(width).toBeGreaterThan(700);
    expect(width).toBeLessThan(1000);
    expect(height).toBeGreaterThan(4 * 2 * 150);
    // Decoded: lines and labels drawn (not a blank page), in the series' colours besides grey.
    const seen = inspectPng(png);
    expect([seen.width, seen.height]).toEqual([width, height]);
    expect(seen.inked).toBeGreaterThan(0.02);
    expect(seen.inked).toBeLessThan(0.5);
    expect(seen.colours).toBeGreaterThan(20);
    // Kept for a person to look at (README: "Look at what people see").
    writeFileSync(path.join(tmpdir(), 'paceline-burndown.png'), png);
  });
});
