#!/usr/bin/env node
// Writes prisma/migrations/<timestamp>_<name>/migration.sql: the SQL that takes the schema of the
// previous migration (its schema.prisma snapshot) to the current prisma/schema.prisma. Prisma's
// wasm engine does the diff, so nothing is downloaded. Usage: npm run db:migration -- <name>
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:migration -- <name in snake_case>');
  process.exit(1);
}
const dir = 'prisma/migrations';
mkdirSync(dir, { recursive: true });
const previous = readdirSync(dir)
  .filter((d) => existsSync(path.join(dir, d, 'schema.prisma')))
  .sort()
  .at(-1);
const from = previous ? ['--from-schema-datamodel', path.join(dir, previous, 'schema.prisma')] : ['--from-empty'];
const sql = execFileSync('npx', ['prisma', 'migrate', 'diff', ...from, '--to-schema-datamodel', 'prisma/schema.prisma', '--script'], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
if (!/\S/.test(sql.replace(/^--.*$/gm, ''))) {
  console.log('The schema has not changed since the last migration; nothing written.');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const target = path.join(dir, `${stamp}_${name}`);
mkdirSync(target);
writeFileSync(path.join(target, 'migration.sql'), sql);
copyFileSync('prisma/schema.prisma', path.join(target, 'schema.prisma'));
console.log(`Wrote ${target}/migration.sql`);
