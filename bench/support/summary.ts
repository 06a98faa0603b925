// The summary table `npm run bench` prints at the end: each script records its ratios here as it
// finishes (one JSON line each), and bench/summary.ts prints them against their goals.
import { appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const SUMMARY_FILE = process.env.BENCH_SUMMARY ?? path.join(tmpdir(), 'paceline-bench-summary.jsonl');

export interface BenchResult {
  measure: string;
  value: string;
  goal: string;
  /** null: reported, no goal to meet. */
  met: boolean | null;
}

export function record(r: BenchResult): void {
  appendFileSync(SUMMARY_FILE, `${JSON.stringify(r)}\n`);
}
