import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, type Database } from '../src/db/index.js';
import { MIGRATIONS_DIR } from '../src/db/migrate.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './support/databases.js';

describe('committed migrations', () => {
  it('take the database to exactly prisma/schema.prisma (no schema change without a migration)', () => {
    const folders = readdirSync(MIGRATIONS_DIR)
      .filter((d) => existsSync(path.join(MIGRATIONS_DIR, d, 'schema.prisma')))
      .sort();
    const latest = folders.at(-1);
    expect(latest, 'a migration with its schema snapshot').toBeDefined();
    // --exit-code: 0 when the schemas are the same, 2 when they differ (then run `npm run db:migration -- <name>`).
    const root = path.resolve(MIGRATIONS_DIR, '../..');
    const diff = execFileSync(
      process.execPath,
      [
        path.join(root, 'node_modules/prisma/build/index.js'),
        'migrate',
        'diff',
        '--from-schema-datamodel',
        path.join(MIGRATIONS_DIR, latest as string, 'schema.prisma'),
        '--to-schema-datamodel',
        path.join(root, 'prisma/schema.prisma'),
        '--script',
      ],
      { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect(diff.replace(/^--.*$/gm, '').trim()).toBe('');
  });
});

/** What a database's schema is made of, as PostgreSQL's catalogues describe it, in a stable order. */
async function catalogue(db: Database): Promise<Record<string, unknown[]>> {
  return db.withMigrationLock(async (s) => ({
    columns: await s.query(
      `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY table_name, column_name`,
    ),
    indexes: await s.query(
      `SELECT tablename, indexname, indexdef FROM pg_indexes
       WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY tablename, indexname`,
    ),
    constraints: await s.query(
      `SELECT c.conrelid::regclass::text AS tbl, c.conname, c.contype, pg_get_constraintdef(c.oid) AS def
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
       WHERE n.nspname = 'public' AND c.conrelid::regclass::text NOT IN ('_prisma_migrations', '"_prisma_migrations"')
         AND c.contype <> 'n' -- NOT NULL is compared with the columns; PostgreSQL 18 (PGlite) also lists it here
       ORDER BY 1, 2`,
    ),
  }));
}

// The reference: the SQL Prisma itself would run to create schema.prisma on an empty database
// (computed once per file; the Prisma CLI takes seconds).
const schemaSql = new Promise<string>((resolve) => {
  const root = path.resolve(MIGRATIONS_DIR, '../..');
  resolve(
    execFileSync(
      process.execPath,
      [
        path.join(root, 'node_modules/prisma/build/index.js'),
        'migrate',
        'diff',
        '--from-empty',
        '--to-schema-datamodel',
        path.join(root, 'prisma/schema.prisma'),
        '--script',
      ],
      { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    ),
  );
});

describe.each(DATABASE_KINDS)('every committed migration, applied to an empty %s database', (kind) => {
  const opened: { db: Database; testDb: TestDatabase }[] = [];
  afterAll(async () => {
    for (const o of opened) {
      await o.db.close();
      await o.testDb.drop();
    }
  });

  it('gives exactly the tables, columns, indexes and constraints prisma/schema.prisma describes', async () => {
    const fromSchema = await schemaSql;
    const refDb = await createTestDatabase('postgres', 'schema-ref');
    const ref = await refDb.open();
    opened.push({ db: ref, testDb: refDb });
    await ref.withMigrationLock((s) => s.exec(fromSchema));

    const targetDb = await createTestDatabase(kind, 'schema-migrated');
    const target = await targetDb.open();
    opened.push({ db: target, testDb: targetDb });
    await migrate(target, () => new Date('2025-10-06T16:00:00Z'));

    const [expected, actual] = [await catalogue(ref), await catalogue(target)];
    expect(actual.columns).toEqual(expected.columns);
    expect(actual.indexes).toEqual(expected.indexes);
    expect(actual.constraints).toEqual(expected.constraints);
    expect((expected.columns as unknown[]).length).toBeGreaterThan(50);
  });
});
