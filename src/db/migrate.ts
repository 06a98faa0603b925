import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database, SqlSession } from './database.js';
import { PacelineError } from '../errors.js';

// From src/db (tests) and dist/db (built) alike, the migrations are two folders up.
export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../prisma/migrations');

// Prisma's own bookkeeping table, so `prisma migrate status` and our migrator agree.
const BOOKKEEPING = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
);`;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  if (!existsSync(dir)) throw new PacelineError('MIGRATION_FAILED', `No migrations folder at ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

interface AppliedRow extends Record<string, unknown> {
  migration_name: string;
  checksum: string;
  finished_at: Date | string | null;
  rolled_back_at: Date | string | null;
}

async function applyOne(session: SqlSession, m: Migration, at: Date): Promise<void> {
  await session.exec('BEGIN');
  try {
    await session.exec(m.sql);
    await session.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, $3, $4, $3, 1)`,
      [randomUUID(), m.checksum, at.toISOString(), m.name],
    );
    await session.exec('COMMIT');
  } catch (err) {
    await session.exec('ROLLBACK');
    throw new PacelineError('MIGRATION_FAILED', `Migration ${m.name} failed and was rolled back: ${(err as Error).message}`, [], {
      cause: err,
    });
  }
}

/**
 * Applies the committed migrations that are not yet applied, each in its own transaction, under
 * a lock so that replicas booting together migrate once. `now` stamps the bookkeeping rows.
 */
export async function migrate(db: Database, now: () => Date, migrations = readMigrations()): Promise<MigrationReport> {
  return db.withMigrationLock(async (session) => {
    await session.exec(BOOKKEEPING);
    const rows = await session.query<AppliedRow>(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`);
    const done = new Map(rows.filter((r) => r.finished_at !== null && r.rolled_back_at === null).map((r) => [r.migration_name, r]));
    const known = new Set(migrations.map((m) => m.name));
    const unknown = [...done.keys()].filter((n) => !known.has(n));
    if (unknown.length > 0) {
      throw new PacelineError(
        'MIGRATION_FAILED',
        `The database has migrations this version of Paceline does not know (${unknown.join(', ')}): it was migrated by a newer version. Upgrade Paceline instead of downgrading.`,
      );
    }
    const changed = migrations.filter((m) => done.has(m.name) && done.get(m.name)?.checksum !== m.checksum).map((m) => m.name);
    if (changed.length > 0) {
      throw new PacelineError(
        'MIGRATION_FAILED',
        `Applied migrations were edited afterwards (${changed.join(', ')}): migrations are append-only; add a new one instead.`,
      );
    }
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.name)) continue;
      await applyOne(session, m, now());
      applied.push(m.name);
    }
    return { applied, alreadyApplied: done.size };
  });
}
