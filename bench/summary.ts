// npm run bench, first and last: `--reset` empties the summary; without it, prints what every
// bench script recorded (bench/support/summary.ts), one row per measure against its goal.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { SUMMARY_FILE, type BenchResult } from './support/summary.js';

if (process.argv.includes('--reset')) {
  rmSync(SUMMARY_FILE, { force: true });
} else {
  const rows = existsSync(SUMMARY_FILE)
    ? readFileSync(SUMMARY_FILE, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as BenchResult)
    : [];
  const width = Math.max(...rows.map((r) => r.measure.length), 7);
  console.log(`\nSummary (${rows.length} measures, this run)`);
  console.log(`${'measure'.padEnd(width)}  ${'value'.padEnd(12)}  ${'goal'.padEnd(30)}  met`);
  for (const r of rows)
    console.log(`${r.measure.padEnd(width)}  ${r.value.padEnd(12)}  ${r.goal.padEnd(30)}  ${r.met === null ? '—' : r.met ? 'yes' : 'no'}`);
}
