import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export function readManifest(): Record<string, any> {
  return parse(readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8')) as Record<string, any>;
}

/** What the manifest declares, in the shape of Surfaces.declared. */
export function manifestSurfaces() {
  const m = readManifest();
  return {
    commands: new Set<string>(m.features.slash_commands.map((c: { command: string }) => c.command)),
    // Slack subscribes to messages per conversation type; Bolt sees them all as "message".
    events: new Set<string>(m.settings.event_subscriptions.bot_events.map((e: string) => e.replace(/^message\..*$/, 'message'))),
  };
}
