import { describe, expect, it } from 'vitest';
import { burstHoldMs } from '../src/domain/burst.js';

// Work that can wait starts once requests stop arriving for a moment, and never waits longer
// than its maximum (instants in milliseconds).
describe('holding work while a burst of requests arrives', () => {
  const hold = { quietMs: 20, maxMs: 500 };

  it('starts at once when no request has arrived yet, or the last one is a quiet moment ago', () => {
    expect(burstHoldMs(hold, 1000, undefined, 1000)).toBe(0);
    expect(burstHoldMs(hold, 1000, 980, 1000)).toBe(0);
    expect(burstHoldMs(hold, 1000, 900, 990)).toBe(0);
  });

  it('waits out what is left of the quiet moment after the latest request', () => {
    expect(burstHoldMs(hold, 1000, 1000, 1000)).toBe(20);
    expect(burstHoldMs(hold, 1000, 993, 990)).toBe(13);
    // A request arriving during the wait starts the quiet moment again.
    expect(burstHoldMs(hold, 1012, 1011, 990)).toBe(19);
  });

  it('never holds work longer than its maximum, however long the burst goes on', () => {
    expect(burstHoldMs(hold, 1490, 1489, 1000)).toBe(10);
    expect(burstHoldMs(hold, 1500, 1499, 1000)).toBe(0);
    expect(burstHoldMs(hold, 1600, 1600, 1000)).toBe(0);
  });
});
