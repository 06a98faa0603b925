import type { Ritual } from './ritual.js';

/** The daily Tiger Crew announcement (the rotation itself is domain/rotation.ts). */
export const tigerCrew: Ritual = {
  name: 'Tiger Crew',
  stillUsefulMs: { 'tiger-crew': 4 * 3600_000 },
  slots: ({ config, working }) => (working ? [{ job: 'tiger-crew', time: config.tigerCrew.announceAt }] : []),
  preview: ({ config, crew }) => [{ channel: config.channels[config.tigerCrew.channel], preview: `Tiger Crew today: ${crew}` }],
};
