// The Prisma CLI is only used to generate the client and to diff schemas into SQL; both run
// on the wasm engine, so nothing is downloaded. The adapter is never used to migrate.
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

// The schema's datasource needs a resolvable url, or the CLI falls back to the binary engine
// and tries to download it. Nothing connects to it during generate or diff.
process.env.PRISMA_SCHEMA_URL ??= 'postgres://postgres@127.0.0.1:5432/test';
const connectionString = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  experimental: { adapter: true },
  engine: 'js',
  adapter: () => Promise.resolve(new PrismaPg({ connectionString })),
});
