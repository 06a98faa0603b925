// Delivery confidence: a Monte Carlo forecast that resamples a stream's daily throughput (points
// completed per working day, zero days included). Pure: the history, the calendar ahead and a
// seed in; the probability of finishing by the deadline and the P50 / P85 dates out.
import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';

/** Fewer days of history than this and Paceline says so rather than invent a figure. */
export const MIN_HISTORY_DAYS = 5;

export type Forecast =
  | { kind: 'insufficient'; days: number }
  | { kind: 'done' }
  | {
      kind: 'forecast';
      /** P(all remaining points done by the end of the deadline day). */
      probability: number;
      /** The working day by which half (85 %) of the trials finished; null: not within the horizon. */
      p50: string | null;
      p85: string | null;
      trials: number;
    };

export type Status = 'on track' | 'at risk' | 'off track';

/**
 * @param remaining points still to do
 * @param history points completed on each of the last working days (oldest first, zeros included)
 * @param days the working days ahead, in order, starting with the first day work can still be done;
 *   the simulation never looks past them (a finish later than the last is "not within the horizon")
 * @param deadline the sprint's last working day (one of `days`, or before them: then nothing can finish in time)
 */
export function forecast(o: {
  remaining: number;
  history: readonly number[];
  days: readonly string[];
  deadline: string;
  trials?: number;
  seed: number;
}): Forecast {
  if (o.remaining <= 0) return { kind: 'done' };
  if (o.history.length < MIN_HISTORY_DAYS) return { kind: 'insufficient', days: o.history.length };
  const trials = o.trials ?? 10_000;
  const deadlineIndex = o.days.indexOf(o.deadline);
  const finishes: number[] = []; // index into `days` of each trial's finish; Infinity when none
  const rng = xoroshiro128plus(o.seed);
  const last = o.history.length - 1;
  for (let t = 0; t < trials; t++) {
    let done = 0;
    let finish = Number.POSITIVE_INFINITY;
    for (let d = 0; d < o.days.length; d++) {
      // unsafe*: the generator advances in place, which keeps 10,000 trials fast; same seed, same draws.
      done += o.history[unsafeUniformIntDistribution(0, last, rng)] as number;
      if (done >= o.remaining) {
        finish = d;
        break;
      }
    }
    finishes.push(finish);
  }
  const inTime = deadlineIndex < 0 ? 0 : finishes.filter((f) => f <= deadlineIndex).length;
  const sorted = [...finishes].sort((a, b) => a - b);
  const quantile = (q: number): string | null => {
    const f = sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
    return Number.isFinite(f) ? (o.days[f] as string) : null;
  };
  return { kind: 'forecast', probability: inTime / trials, p50: quantile(0.5), p85: quantile(0.85), trials };
}

/** A stream's status from its probability of finishing in time. */
export function statusOf(probability: number, thresholds: { onTrack: number; atRisk: number }): Status {
  if (probability >= thresholds.onTrack) return 'on track';
  if (probability >= thresholds.atRisk) return 'at risk';
  return 'off track';
}
