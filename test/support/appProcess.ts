import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BOT_TOKEN, SIGNING_SECRET } from './paceline.js';
import { NODE_OPTIONS } from '../../src/runtime.js';

const CHILD = fileURLToPath(new URL('./appChild.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The newest modification time of a file under `dir` (0 when there is none). */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) latest = Math.max(latest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

/**
 * The child runs the compiled app: a dist/ older than src/ would test yesterday's code, so it
 * is refused with the fix rather than trusted (`npm test` builds before it runs the suites).
 */
function assertBuilt(): void {
  let built = 0;
  try {
    built = statSync(path.join(ROOT, 'dist', 'main.js')).mtimeMs;
  } catch {
    // no build at all: reported below
  }
  if (built < newest(path.join(ROOT, 'src')))
    throw new Error('dist/ is missing or older than src/: run `npm run build` (npm test does) before the crash tests');
}

export interface AppProcess {
  child: ChildProcess;
  baseUrl: string;
  setClock(at: string): Promise<void>;
  /** Asks the runner to tick; resolves with its report (never, if the process is killed first). */
  tick(): Promise<unknown>;
  idle(): Promise<void>;
  /** SIGKILL: no shutdown, no cleanup, exactly as a crashed or OOM-killed process. */
  kill(): Promise<void>;
  output(): string;
}

/** Starts Paceline in a process of its own on the given database and Slack Web API. */
export function spawnApp(o: {
  now: string;
  apiUrl: string;
  database: { url: string | undefined; dataDir: string };
  replicaId?: string;
}): Promise<AppProcess> {
  assertBuilt();
  const child = fork(CHILD, [], {
    // The node options `npm start` runs the app with.
    execArgv: [...NODE_OPTIONS],
    env: {
      CHILD_BOT_TOKEN: BOT_TOKEN,
      CHILD_SIGNING_SECRET: SIGNING_SECRET,
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CHILD_NOW: o.now,
      CHILD_SLACK_API_URL: o.apiUrl,
      CHILD_DATA_DIR: o.database.dataDir,
      CHILD_REPLICA: o.replicaId ?? 'child',
      ...(o.database.url === undefined ? {} : { CHILD_DATABASE_URL: o.database.url }),
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  let next = 0;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on('message', (m: { id?: number; ok?: boolean; error?: string; report?: unknown }) => {
    if (m.id === undefined) return;
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.ok) w?.resolve(m.report);
    else w?.reject(new Error(m.error));
  });
  const ask = (msg: Record<string, unknown>) =>
    new Promise<unknown>((resolve, reject) => {
      const id = ++next;
      waiting.set(id, { resolve, reject });
      child.send({ ...msg, id });
    });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => reject(new Error(`the app exited (${code ?? signal}) before it was ready:\n${out}`)));
    child.once('message', (m: { type?: string; port?: number }) => {
      if (m.type !== 'ready') return;
      resolve({
        child,
        baseUrl: `http://127.0.0.1:${m.port}`,
        setClock: async (at) => {
          await ask({ type: 'set-clock', at });
        },
        tick: () => ask({ type: 'tick' }),
        idle: async () => {
          await ask({ type: 'idle' });
        },
        kill: async () => {
          child.kill('SIGKILL');
          await exited;
        },
        output: () => out,
      });
    });
  });
}
