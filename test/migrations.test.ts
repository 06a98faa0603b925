import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../src/db/migrate.js';

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
