#!/usr/bin/env node
// The paceline command. It runs the compiled code in dist/; `npm run build` makes it.
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
