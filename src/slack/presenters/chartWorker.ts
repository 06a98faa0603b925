// Charts are drawn in a worker thread that exits when it has had nothing to draw for a while.
// Two reasons: drawing is synchronous CPU work (vega's layout, resvg's rasterising: a few hundred
// milliseconds) that would hold up the acknowledgements of every Slack request arriving meanwhile;
// and vega, vega-lite and resvg take ~150 MB that, loaded into the app's own thread, stay for as
// long as the process runs. Charts are drawn on Monday and once a day per stream for App Home.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BurndownChartInput } from './burndownChart.js';
import type { ChartReply, ChartRequest } from './chartThread.js';

/** How long an idle chart thread is kept for the next chart (an App Home burst draws several). */
const IDLE_MS = 30_000;

interface Waiting {
  resolve: (png: Uint8Array) => void;
  reject: (err: Error) => void;
}

/** The compiled thread (dist/…/chartThread.js), or the TypeScript source run through tsx in development and tests. */
function startThread(): Worker {
  const compiled = new URL('./chartThread.js', import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return new Worker(compiled);
  const source = new URL('./chartThread.ts', import.meta.url).href;
  // Node 20 does not pass --import loaders to worker threads: the thread registers tsx itself.
  // tsx's ES module entry (its CommonJS one cannot register from an evaluated thread).
  const tsx = path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs');
  const boot = `import(${JSON.stringify(pathToFileURL(tsx).href)}).then((t) => { t.register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(boot, { eval: true });
}

export class ChartWorker {
  /** How many chart threads this worker has started (a thread that exited is replaced on the next chart). */
  started = 0;
  private thread: Worker | undefined;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly o: { idleMs?: number; onExit?: () => void } = {}) {}

  /** The chart as PNG bytes, drawn in the chart thread (started if none is running). */
  render(input: BurndownChartInput): Promise<Uint8Array> {
    clearTimeout(this.idleTimer);
    const thread = this.running();
    thread.ref();
    const id = this.nextId++;
    return new Promise<Uint8Array>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      thread.postMessage({ id, input } satisfies ChartRequest);
    });
  }

  /** Stops the thread now (a chart still being drawn fails). */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const thread = this.thread;
    this.thread = undefined;
    if (thread !== undefined) await thread.terminate();
  }

  private running(): Worker {
    if (this.thread !== undefined) return this.thread;
    const thread = startThread();
    this.started++;
    thread.on('message', (reply: ChartReply) => this.settle(reply));
    // A thread that dies (out of memory, a crash in resvg) fails what it was drawing; the next
    // chart starts a new one.
    const fail = (err: Error) => {
      if (this.thread === thread) this.thread = undefined;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    thread.on('error', fail);
    thread.on('exit', (code) => {
      fail(new Error(`the chart thread exited (code ${code})`));
      this.o.onExit?.();
    });
    this.thread = thread;
    return thread;
  }

  private settle(reply: ChartReply): void {
    const w = this.waiting.get(reply.id);
    if (w === undefined) return;
    this.waiting.delete(reply.id);
    if ('png' in reply) w.resolve(reply.png);
    else w.reject(new Error(`drawing the chart failed: ${reply.error}`));
    if (this.waiting.size > 0) return;
    // Idle: the thread no longer keeps the process alive, and it exits if nothing comes soon.
    this.thread?.unref();
    this.idleTimer = setTimeout(() => void this.close(), this.o.idleMs ?? IDLE_MS);
    this.idleTimer.unref();
  }
}
