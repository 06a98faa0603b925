import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/index.js';

/**
 * A new, empty embedded cluster, as `initdb` leaves it, made once per machine and PGlite version
 * and copied for each test database: initdb takes about 5 s, a copy a few milliseconds, and a
 * suite run makes dozens. A copy of a cleanly closed cluster is the same cluster; migrations
 * still run on it as on any new database. (The first start itself, initdb included, is tested by
 * the db and cli suites on folders of their own.)
 */
async function pristineCluster(): Promise<string> {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite'); // …/pglite/dist/index.cjs
  const { version } = JSON.parse(readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  const template = path.join(tmpdir(), `paceline-pglite-template-${version}`);
  if (existsSync(path.join(template, 'PG_VERSION'))) return template;
  const build = mkdtempSync(`${template}-build-`);
  const db = await openDatabase({ dataDir: build });
  await db.close();
  try {
    renameSync(path.join(build, 'pglite'), template);
  } catch {
    // Another test process made it first: theirs is as good.
  }
  rmSync(build, { recursive: true, force: true });
  return template;
}

export const DATABASE_KINDS = ['embedded', 'postgres'] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];

/** The PostgreSQL server the suites create their databases on; DATABASE_URL overrides it. */
export const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  kind: DatabaseKind;
  /** For PostgreSQL, the URL of this suite's own database; undefined for the embedded one. */
  url: string | undefined;
  dataDir: string;
  open(): Promise<Database>;
  drop(): Promise<void>;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL is unreachable at ${ADMIN_URL} (${(err as Error).message}). The PostgreSQL tests need it: start it with ` +
        '`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`, or set DATABASE_URL.',
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A database of the suite's own: a fresh PostgreSQL database (dropped afterwards) or a fresh
 * embedded folder, so suites run in parallel and every run starts clean.
 */
export async function createTestDatabase(kind: DatabaseKind, label: string): Promise<TestDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `paceline-${label}-`));
  if (kind === 'embedded') {
    cpSync(await pristineCluster(), path.join(dataDir, 'pglite'), {
      recursive: true,
      filter: (src) => path.basename(src) !== 'paceline.lock',
    });
    return {
      kind,
      url: undefined,
      dataDir,
      open: () => openDatabase({ dataDir }),
      drop: () => Promise.resolve(rmSync(dataDir, { recursive: true, force: true })),
    };
  }
  const name = `paceline_${label.replace(/\W/g, '_')}_${process.pid}_${Math.floor(Math.random() * 1e9)}`.toLowerCase();
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    kind,
    url: url.toString(),
    dataDir,
    open: () => openDatabase({ url: url.toString(), dataDir }),
    drop: async () => {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
