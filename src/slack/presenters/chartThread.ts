// The worker thread that draws charts (see chartWorker.ts): vega, vega-lite and resvg are loaded
// here, never in the app's own thread, and go away with the thread when it exits.
import { parentPort } from 'node:worker_threads';
import { burndownPng, type BurndownChartInput } from './burndownChart.js';

export interface ChartRequest {
  id: number;
  input: BurndownChartInput;
}
export type ChartReply = { id: number; png: Uint8Array } | { id: number; error: string };

const port = parentPort;
if (port === null) throw new Error('chartThread.ts runs only as a worker thread');
port.on('message', (request: ChartRequest) => {
  burndownPng(request.input).then(
    (png) => port.postMessage({ id: request.id, png: new Uint8Array(png) } satisfies ChartReply),
    (err: unknown) =>
      port.postMessage({ id: request.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies ChartReply),
  );
});
