import type { ListenerDeps } from '../deps.js';
import type { Surfaces } from './surfaces.js';
import * as blockerActions from './actions/blocker.js';
import * as chaosReportAction from './actions/chaosReport.js';
import * as standupAnswerAction from './actions/standupAnswer.js';
import * as blockerCommand from './commands/blocker.js';
import * as sprintCommand from './commands/sprint.js';
import * as standupCommand from './commands/standup.js';
import * as tigerCommand from './commands/tiger.js';
import * as appHome from './events/appHome.js';
import * as messageEvents from './events/message.js';
import * as blockerResolve from './submissions/blockerResolve.js';
import * as chaosReportSubmission from './submissions/chaosReport.js';
import * as standupModal from './submissions/standupModal.js';

/** Every Slack surface of the app, one file each, in one place so the manifest test sees the same list. */
export function registerSurfaces(surfaces: Surfaces, deps: ListenerDeps): void {
  for (const surface of [sprintCommand, standupCommand, tigerCommand, blockerCommand]) surface.register(surfaces, deps);
  for (const surface of [appHome, messageEvents]) surface.register(surfaces, deps);
  for (const surface of [standupAnswerAction, blockerActions, chaosReportAction]) surface.register(surfaces, deps);
  for (const surface of [standupModal, blockerResolve, chaosReportSubmission]) surface.register(surfaces, deps);
}
