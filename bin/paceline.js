#!/usr/bin/env -S node --liftoff-only
// The paceline command. It runs the compiled code in dist/; `npm run build` makes it.
// The first line's node option is src/runtime.ts's NODE_OPTIONS (why: see there).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/index.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('paceline: dist/ is missing; run `npm ci` (it builds) or `npm run build` in the Paceline folder first');
  process.exit(1);
}
const { run } = await import(entry.href);
const code = await run(process.argv.slice(2), process.env, process.cwd(), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
process.exitCode = code;
