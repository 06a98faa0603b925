import { describe, expect, it } from 'vitest';
import { approvesAcrossStreams, crossCutting, nudgeDueAt } from '../src/domain/review.js';

const item = (identifier: string, streamKey: string | null, labels: string[] = []) => ({ identifier, streamKey, labels });

describe('cross-stream review', () => {
  it('is cross-cutting when it names another stream’s work or cross-stream work', () => {
    expect(crossCutting('governance', [item('GOV-1', 'governance')], 'cross-stream')).toEqual({ crossStream: false, otherStreams: [] });
    expect(
      crossCutting('governance', [item('GOV-1', 'governance'), item('RUN-2', 'runtime'), item('RUN-3', 'runtime')], 'cross-stream'),
    ).toEqual({
      crossStream: true,
      otherStreams: ['runtime'],
    });
    expect(crossCutting('governance', [item('GOV-1', 'governance', ['Cross-Stream'])], 'cross-stream')).toEqual({
      crossStream: true,
      otherStreams: [],
    });
    expect(crossCutting('governance', [], 'cross-stream').crossStream).toBe(false);
  });

  it('is due `after` the first time it became reviewable, and not at all once settled', () => {
    const now = new Date('2025-10-09T17:00:00Z');
    const base = {
      crossStream: true,
      draft: false,
      approvedAt: null,
      closedAt: null,
      nudgedAt: null,
      dueAt: null,
      now,
      afterMs: 4 * 3600_000,
    };
    expect(nudgeDueAt(base)?.toISOString()).toBe('2025-10-09T21:00:00.000Z');
    // An edit an hour later keeps the first deadline.
    const first = new Date('2025-10-09T21:00:00Z');
    expect(nudgeDueAt({ ...base, dueAt: first, now: new Date('2025-10-09T18:00:00Z') })).toBe(first);
    expect(nudgeDueAt({ ...base, draft: true })).toBeNull();
    expect(nudgeDueAt({ ...base, crossStream: false })).toBeNull();
    expect(nudgeDueAt({ ...base, approvedAt: now })).toBeNull();
    expect(nudgeDueAt({ ...base, closedAt: now })).toBeNull();
    expect(nudgeDueAt({ ...base, nudgedAt: now })).toBeNull();
  });

  it('counts an approval from a person of another stream only', () => {
    expect(approvesAcrossStreams(['runtime'], 'governance')).toBe(true);
    expect(approvesAcrossStreams(['governance'], 'governance')).toBe(false);
    expect(approvesAcrossStreams([], 'governance')).toBe(false);
  });
});
