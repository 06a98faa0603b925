import { describe, expect, it } from 'vitest';
import { crossStreamStep, type WorkItemSnapshot } from '../src/domain/workItems.js';

const item = (o: Partial<WorkItemSnapshot> = {}): WorkItemSnapshot => ({
  trackerId: 'lin-1',
  identifier: 'GOV-7',
  title: 'SSO metadata from Runtime',
  url: null,
  streamKey: 'governance',
  sprintNumber: 1,
  points: 3,
  state: 'started',
  assignee: 'ada',
  labels: ['Cross-Stream'],
  startedAt: null,
  completedAt: null,
  removed: false,
  ...o,
});
const step = (before: WorkItemSnapshot | null, after: WorkItemSnapshot, blocker: 'open' | 'acked' | 'resolved' | null) =>
  crossStreamStep({ before, after, label: 'cross-stream', blocker });

describe('the cross-stream label and its blocker', () => {
  it('files one for labelled open work (the label matched whatever its case), and none without the label or a stream', () => {
    expect(step(null, item(), null)).toEqual({ kind: 'open' });
    expect(step(null, item({ labels: ['backend'] }), null)).toEqual({ kind: 'none' });
    expect(step(null, item({ streamKey: null }), null)).toEqual({ kind: 'none' });
    expect(step(null, item({ state: 'completed' }), null)).toEqual({ kind: 'none' });
  });

  it('files one when the item needed it before and none exists (a crash between recording and filing)', () => {
    expect(step(item(), item(), null)).toEqual({ kind: 'open' });
  });

  it.each([
    [{ state: 'completed' as const }, 'GOV-7 was completed.'],
    [{ state: 'canceled' as const }, 'GOV-7 was canceled.'],
    [{ removed: true }, 'GOV-7 was deleted in the tracker.'],
    [{ labels: [] }, 'GOV-7 is no longer labelled cross-stream.'],
  ])('resolves an open or acknowledged one when %o', (change, note) => {
    expect(step(item(), item(change), 'open')).toEqual({ kind: 'resolve', note });
    expect(step(item(), item(change), 'acked')).toEqual({ kind: 'resolve', note });
  });

  it('leaves a blocker alone while the item still needs it', () => {
    expect(step(item(), item({ title: 'renamed' }), 'open')).toEqual({ kind: 'none' });
  });

  it('keeps one resolved in Slack resolved until the item comes to need it again', () => {
    expect(step(item(), item({ points: 5 }), 'resolved')).toEqual({ kind: 'none' });
    expect(step(item({ labels: [] }), item(), 'resolved')).toMatchObject({ kind: 'reopen' });
    expect(step(item({ state: 'completed' }), item({ state: 'started' }), 'resolved')).toMatchObject({ kind: 'reopen' });
    expect(step(item({ state: 'completed' }), item({ state: 'completed', points: 1 }), 'resolved')).toEqual({ kind: 'none' });
  });
});
