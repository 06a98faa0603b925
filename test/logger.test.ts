import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/observability/logger.js';
import { CapturedLogs } from './support/paceline.js';

const BOT = 'xoxb-1111-2222-abcdefSECRET';
const SIGNING = 'signing-secret-with "quotes" and \\ slash';

function logged(write: (log: ReturnType<typeof createLogger>) => void): string {
  const out = new CapturedLogs();
  write(createLogger({ level: 'debug', secrets: [BOT, SIGNING], destination: out }));
  return out.raw.join('\n');
}

describe('log redaction', () => {
  it('removes the bot token from an error message and its stack', () => {
    const text = logged((log) => log.error({ err: new Error(`Slack said invalid_auth for ${BOT}`) }, 'auth failed'));
    expect(text).not.toContain(BOT);
    expect(text).not.toContain('abcdefSECRET');
    expect(text).toContain('Slack said invalid_auth for [redacted]');
  });

  it('removes the signing secret from a request logged as data, however JSON escapes it', () => {
    const text = logged((log) => log.warn({ request: { body: `text=${SIGNING}&user=U1`, nested: [{ deep: SIGNING }] } }, 'odd request'));
    expect(text).not.toContain('signing-secret-with');
    expect(text.match(/\[redacted\]/g)).toHaveLength(2);
  });

  it('removes any Slack token by its shape, even one not configured, in message strings', () => {
    const text = logged((log) => log.info(`retrying with xapp-1-A0-zzz and xoxp-99-other`));
    expect(text).not.toMatch(/xapp-1|xoxp-99/);
    expect(JSON.parse(text).msg).toBe('retrying with [redacted] and [redacted]');
  });

  it('keeps every line valid JSON after scrubbing', () => {
    const out = new CapturedLogs();
    const log = createLogger({ level: 'debug', secrets: [BOT, SIGNING], destination: out });
    log.info({ a: SIGNING, b: BOT }, 'both');
    expect(out.lines[0]).toMatchObject({ a: '[redacted]', b: '[redacted]', msg: 'both' });
  });
});
