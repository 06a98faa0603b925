// The floor for memory: a bare Bolt app (HTTP receiver, signature checks, listeners that only
// ack) in a process of its own, run with plain node like `paceline start`. Prints its port.
import { startBoltFloor } from './boltApp.mjs';

await startBoltFloor('bare bolt', () => 'ok');
