import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import type { PGlite } from '@electric-sql/pglite';
import { PrismaClient } from './generated/client.js';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PacelineError } from '../errors.js';
import { NODE_OPTIONS } from '../runtime.js';

/** The file naming the process that holds an embedded database folder. */
const LOCK_FILE = 'paceline.lock';

/**
 * One connection to raw SQL, held for the duration of a callback. The migrator needs it:
 * migration scripts have several statements, which Prisma's adapters cannot run in one call.
 */
export interface SqlSession {
  exec(sql: string): Promise<void>;
  query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Database {
  readonly kind: 'postgres' | 'embedded';
  /** Where it is, without credentials, for logs and messages. */
  readonly location: string;
  readonly prisma: PrismaClient;
  /** Runs `fn` on one connection while holding the cluster-wide migration lock. */
  withMigrationLock<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

// Any constant works; it only has to be the same for every replica of Paceline.
const MIGRATION_LOCK_KEY = 7_240_519_311;

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable url)';
  }
}

export async function openPostgres(url: string): Promise<Database> {
  // Each database's driver is loaded only when it is used: a process on PostgreSQL never holds
  // PGlite's code, nor one on the embedded database the pg driver (idle memory, issue #14).
  const [{ default: pg }, { PrismaPg }] = await Promise.all([import('pg'), import('@prisma/adapter-pg')]);
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  try {
    const c = await pool.connect();
    c.release();
  } catch (err) {
    await pool.end();
    throw new PacelineError('DB_UNREACHABLE', `Cannot connect to PostgreSQL at ${redactUrl(url)}: ${(err as Error).message}`, [], {
      cause: err,
    });
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    kind: 'postgres',
    location: redactUrl(url),
    prisma,
    async withMigrationLock(fn) {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        try {
          return await fn({
            exec: async (sql) => {
              await client.query(sql);
            },
            query: async <T extends Record<string, unknown>>(sql: string, params?: unknown[]) => (await client.query<T>(sql, params)).rows,
          });
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
        }
      } finally {
        client.release();
      }
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * When a process started, as the kernel counts it (clock ticks since boot, field 22 of
 * /proc/<pid>/stat); undefined where /proc is not available. A pid alone is not an identity:
 * a container restarted by its supervisor gets pid 1 again, and so did the Paceline it replaces.
 */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: count from its last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** The folders this process holds open: a second open in the same process must be refused too. */
const heldHere = new Set<string>();

/** Who holds a lock file: a JSON owner, or the bare pid written by earlier versions. */
function readOwner(lockFile: string): { pid: number; start?: string } | null {
  const text = readFileSync(lockFile, 'utf8').trim();
  try {
    const parsed = JSON.parse(text) as { pid?: unknown; start?: unknown };
    if (typeof parsed === 'number') return { pid: parsed };
    if (typeof parsed.pid === 'number') return { pid: parsed.pid, ...(typeof parsed.start === 'string' ? { start: parsed.start } : {}) };
  } catch {
    // not JSON: unreadable, so nobody can be shown to hold it
  }
  return null;
}

/**
 * PGlite corrupts a folder opened by two processes at once, so the folder is guarded by a
 * lock file naming its owner by pid and process start time. A lock whose owner is gone, or
 * whose pid now belongs to another process (pid reuse after a container restart, including our
 * own pid), is taken over; a lock of a living owner is refused with the reason.
 */
function lockFolder(dir: string): () => void {
  const lockFile = path.join(dir, LOCK_FILE);
  if (heldHere.has(dir)) {
    throw new PacelineError(
      'DB_LOCKED',
      `The embedded database in ${dir} is in use by process ${process.pid} (this one). It serves one process only; ` +
        'to run several replicas, point DATABASE_URL at a PostgreSQL server.',
    );
  }
  const me = { pid: process.pid, ...(processStartTime(process.pid) === undefined ? {} : { start: processStartTime(process.pid) }) };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      heldHere.add(dir);
      return () => {
        heldHere.delete(dir);
        rmSync(lockFile, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = readOwner(lockFile);
      const held =
        owner !== null &&
        owner.pid !== process.pid &&
        processAlive(owner.pid) &&
        (owner.start === undefined || owner.start === processStartTime(owner.pid));
      if (held) {
        throw new PacelineError(
          'DB_LOCKED',
          `The embedded database in ${dir} is in use by process ${owner.pid} (a running Paceline?). It serves one process at a time: ` +
            'stop that process to run this command, or point DATABASE_URL at a PostgreSQL server to run several.',
        );
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw new PacelineError('DB_LOCKED', `Could not lock the embedded database folder ${dir}`);
}

// PostgreSQL's defaults are sized for a server of its own; Paceline's embedded database is small
// and shares the app's process. 16 MB of shared buffers hold its working set (the default 128 MB
// only costs resident memory).
const EMBEDDED_SETTINGS = ['shared_buffers=16MB'];

/**
 * Creates a new embedded database (initdb) in a short-lived process of its own. WebAssembly
 * memory never shrinks: initdb in the app's process would keep ~800 MB resident for as long as
 * it runs, where opening a ready folder needs ~150 MB.
 */
async function initialiseEmbedded(dir: string): Promise<void> {
  // Created beside the folder and moved in with PG_VERSION last: a process killed at any point
  // leaves a folder without PG_VERSION (never opened, so holding no data), which is cleared and
  // created again at the next start, never a half-made database that is opened.
  const fresh = `${dir}.init`;
  rmSync(fresh, { recursive: true, force: true });
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const script =
    'const { PGlite } = require(process.argv[1]); ' +
    'PGlite.create(process.argv[2]).then((db) => db.close()).catch((e) => { console.error(String(e)); process.exit(1); });';
  try {
    // initdb is WebAssembly too: with the same node options it takes less time and CPU.
    await promisify(execFile)(process.execPath, [...NODE_OPTIONS, '-e', script, entry, fresh], { timeout: 120_000 });
  } catch (err) {
    rmSync(fresh, { recursive: true, force: true });
    const detail = ((err as { stderr?: string }).stderr ?? (err as Error).message).trim();
    throw new PacelineError('DB_INIT_FAILED', `Could not create the embedded database in ${dir}: ${detail}`, [], { cause: err });
  }
  for (const name of readdirSync(dir)) if (name !== LOCK_FILE) rmSync(path.join(dir, name), { recursive: true, force: true });
  const names = readdirSync(fresh).sort((a, b) => Number(a === 'PG_VERSION') - Number(b === 'PG_VERSION'));
  for (const name of names) renameSync(path.join(fresh, name), path.join(dir, name));
  rmSync(fresh, { recursive: true, force: true });
}

export async function openEmbedded(dataDir: string): Promise<Database> {
  const dir = path.resolve(dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  const unlock = lockFolder(dir);
  const [{ PGlite: Lite }, { PrismaPGlite }] = await Promise.all([import('@electric-sql/pglite'), import('pglite-prisma-adapter')]);
  let lite: PGlite;
  try {
    if (!existsSync(path.join(dir, 'PG_VERSION'))) await initialiseEmbedded(dir);
    lite = await Lite.create(dir, { postgresqlconf: EMBEDDED_SETTINGS });
  } catch (err) {
    unlock();
    throw err;
  }
  // pglite-prisma-adapter 0.6.1 is typed against driver-adapter-utils 6.10; the runtime contract
  // is the same in 6.19 (the repository tests run every query on it), only the type identity differs.
  const adapter = new PrismaPGlite(lite) as unknown as SqlDriverAdapterFactory;
  const prisma = new PrismaClient({ adapter });
  // PGlite is one connection; a promise chain stands in for the advisory lock.
  let migrationChain: Promise<unknown> = Promise.resolve();
  return {
    kind: 'embedded',
    location: dir,
    prisma,
    withMigrationLock(fn) {
      const run = migrationChain.then(() =>
        fn({
          exec: async (sql) => {
            await lite.exec(sql);
          },
          query: async <T extends Record<string, unknown>>(sql: string, params?: unknown[]) => (await lite.query<T>(sql, params)).rows,
        }),
      );
      migrationChain = run.catch(() => undefined);
      return run;
    },
    async ping() {
      await lite.query('SELECT 1');
    },
    async close() {
      await prisma.$disconnect();
      await lite.close();
      unlock();
    },
  };
}

/** PostgreSQL when DATABASE_URL is set, else the embedded PGlite under the data folder. */
export function openDatabase(opts: { url?: string | undefined; dataDir: string }): Promise<Database> {
  return opts.url !== undefined ? openPostgres(opts.url) : openEmbedded(opts.dataDir);
}
