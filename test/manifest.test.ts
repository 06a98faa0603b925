import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { readManifest } from './support/manifest.js';

const schemaUrl = new URL('../vendor/slack-manifest-schema/manifest.schema.1.0.0.json', import.meta.url);

describe('manifest.yml', () => {
  it("is valid against Slack's manifest schema", () => {
    const schema = JSON.parse(readFileSync(schemaUrl, 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    const validate = ajv.compile(schema);
    const ok = validate(readManifest());
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check catches a broken manifest (so the test above can fail)', () => {
    const schema = JSON.parse(readFileSync(schemaUrl, 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
    const broken = readManifest();
    broken.features.slash_commands[0].command = 'sprint without slash';
    broken.settings.event_subscriptions.unknown_setting = true;
    expect(validate(broken)).toBe(false);
  });

  it('points every URL at the same Slack endpoint under the YOUR-HOST placeholder', () => {
    const m = readManifest();
    const urls = [
      ...m.features.slash_commands.map((c: { url: string }) => c.url),
      m.settings.event_subscriptions.request_url,
      m.settings.interactivity.request_url,
    ];
    expect(new Set(urls)).toEqual(new Set(['https://YOUR-HOST/slack/events']));
  });
});
