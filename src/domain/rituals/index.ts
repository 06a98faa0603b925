import { chaosDrill } from './chaosDrill.js';
import { demo } from './demo.js';
import { digest } from './digest.js';
import { kickoff } from './kickoff.js';
import type { Ritual } from './ritual.js';
import { retro } from './retro.js';
import { standup } from './standup.js';
import { tigerCrew } from './tigerCrew.js';

/** Every ritual Paceline runs. A new one goes here (and gets its handler in jobs/handlers.ts). */
export const RITUALS: readonly Ritual[] = [kickoff, tigerCrew, standup, digest, chaosDrill, demo, retro];
