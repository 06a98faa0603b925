import { describe, expect, it } from 'vitest';
import { parseSprintCommand } from '../src/domain/sprintCommand.js';

const streams = ['governance', 'runtime', 'experience'];
const parse = (text: string) => parseSprintCommand(text, streams);

describe('/sprint grammar', () => {
  it.each([
    ['', { kind: 'status', streamKey: null }],
    ['status', { kind: 'status', streamKey: null }],
    ['STATUS Runtime', { kind: 'status', streamKey: 'runtime' }],
    ['status stream:experience', { kind: 'status', streamKey: 'experience' }],
    ['governance', { kind: 'status', streamKey: 'governance' }],
    ['help', { kind: 'help' }],
    ['digest', { kind: 'digest' }],
    ['DIGEST', { kind: 'digest' }],
    ['points gov-12 5', { kind: 'points', identifier: 'GOV-12', points: 5, streamKey: null }],
    ['points GOV-12 0.5 runtime', { kind: 'points', identifier: 'GOV-12', points: 0.5, streamKey: 'runtime' }],
    ['points GOV-12 0', { kind: 'points', identifier: 'GOV-12', points: 0, streamKey: null }],
    ['done run-7', { kind: 'done', identifier: 'RUN-7' }],
  ])('"%s"', (text, value) => {
    expect(parse(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['points', 'An item is missing: `/sprint points GOV-12 5 [stream]`.'],
    ['points GOV-1 1.25', '"1.25" is not a number of points (expected 0 to 100, whole or .5).'],
    ['points GOV-1 -1', '"-1" is not a number of points (expected 0 to 100, whole or .5).'],
    ['points GOV-1 1 runtime extra', 'Too many words: `/sprint points GOV-12 5 [stream]`.'],
    ['done', 'An item is missing: `/sprint done GOV-12`.'],
    ['digest now', 'The digest takes no arguments: `/sprint digest`.'],
    ['done GOV-1 GOV-2', 'Give one item: `/sprint done GOV-12`.'],
    ['done #12', '"#12" is not an item id; ids look like GOV-12.'],
    ['status ops', '"ops" is not a stream (expected one of governance, runtime, experience).'],
    ['help me', "I don't know `/sprint help me`. Try `/sprint` for the sprint status or `/sprint help`."],
  ])('"%s" is refused: %s', (text, reason) => {
    expect(parse(text)).toEqual({ ok: false, refusal: { kind: 'usage', reason } });
  });
});
