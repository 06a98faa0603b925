import { describe, expect, it } from 'vitest';
import { burndowns } from '../src/domain/burndown.js';
import { burndownPng } from '../src/slack/presenters/burndownChart.js';
import { ChartWorker } from '../src/slack/presenters/chartWorker.js';
import { inspectPng } from './support/png.js';

const sprint = { number: 1, startDate: '2025-10-04', endDate: '2025-10-17' };
const calendar = { timezone: 'America/Los_Angeles', workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'] as 'mon'[], holidays: [] };
const at = (date: string) => new Date(`${date}T20:00:00Z`);
const data = burndowns({
  events: [
    { identifier: 'GOV-1', kind: 'added', from: null, to: '1', at: at('2025-10-04') },
    { identifier: 'GOV-1', kind: 'stream', from: null, to: 'governance', at: at('2025-10-04') },
    { identifier: 'GOV-1', kind: 'points', from: null, to: '5', at: at('2025-10-04') },
    { identifier: 'GOV-1', kind: 'state', from: null, to: 'unstarted', at: at('2025-10-04') },
    { identifier: 'GOV-1', kind: 'state', from: 'unstarted', to: 'completed', at: at('2025-10-08') },
  ],
  sprint,
  calendar,
  today: '2025-10-09',
  streamKeys: ['governance'],
});
const input = { burndowns: data, names: new Map([['governance', 'Governance Core']]), today: '2025-10-09', title: 'Sprint 1 burndown' };

describe('charts drawn in a worker thread', () => {
  it('draws the same PNG as drawing in this thread, one thread for charts asked at once, which exits when idle', async () => {
    let exited!: () => void;
    const exit = new Promise<void>((resolve) => (exited = resolve));
    const worker = new ChartWorker({ idleMs: 0, onExit: () => exited() });
    const [a, b] = await Promise.all([worker.render(input), worker.render({ ...input, title: 'Another title' })]);
    expect(Buffer.from(a).equals(await burndownPng(input))).toBe(true);
    expect(inspectPng(Buffer.from(b)).width).toBeGreaterThan(100);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    expect(worker.started).toBe(1);
    await exit;
    // The next chart starts a new thread.
    expect(Buffer.from(await worker.render(input)).equals(Buffer.from(a))).toBe(true);
    expect(worker.started).toBe(2);
    await worker.close();
  });

  it('a chart whose thread dies fails with the reason, and the next chart gets a new thread', async () => {
    const worker = new ChartWorker();
    const drawing = worker.render(input);
    await worker.close();
    await expect(drawing).rejects.toThrow(/the chart thread exited/);
    expect(inspectPng(Buffer.from(await worker.render(input))).width).toBeGreaterThan(100);
    expect(worker.started).toBe(2);
    await worker.close();
  });

  it('a chart that cannot be drawn fails with the drawing error, not a hang', async () => {
    const worker = new ChartWorker();
    await expect(worker.render({ ...input, burndowns: [{ nonsense: true }] as never })).rejects.toThrow(/drawing the chart failed/);
    expect(worker.started).toBe(1);
    await worker.close();
  });
});
