import { Counter, Histogram, Registry, collectDefaultMetrics, Gauge } from 'prom-client';

export interface Metrics {
  registry: Registry;
  /** Slack requests by surface (command, action, view, event, shortcut) and name. */
  slackRequests: Counter<'surface' | 'name' | 'outcome'>;
  slackLatency: Histogram<'surface' | 'name'>;
  jobRuns: Counter<'job' | 'outcome'>;
  jobLatency: Histogram<'job'>;
  ready: Gauge<'check'>;
  blockerTimeToAck: Histogram;
  blockerTimeToResolve: Histogram;
  blockerEscalations: Counter<'level'>;
  /**
   * Where the open-blocker gauges come from: read when /metrics is scraped, not on every minute
   * tick (a count of the whole table each minute for a number nobody may be looking at).
   */
  measureOpenBlockers(read: () => Promise<OpenBlockers[]>): void;
}

export interface OpenBlockers {
  stream: string;
  open: number;
  oldestAgeSeconds: number;
}

/** A Registry of our own (not prom-client's global), so two apps in one process never collide. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'paceline_' });
  let readOpen: (() => Promise<OpenBlockers[]>) | undefined;
  let reading: Promise<void> | undefined;
  // Both gauges are collected at once by a scrape: one read serves the two.
  const collectOpen = (): Promise<void> =>
    (reading ??= (async () => {
      // The database down must not take /metrics down with it (that is when it is read most):
      // the gauges keep their last values, and /readyz says what is wrong.
      const rows = readOpen === undefined ? [] : await readOpen().catch(() => null);
      if (rows === null) return;
      blockersOpen.reset();
      blockerOldestAge.reset();
      for (const r of rows) {
        blockersOpen.set({ stream: r.stream }, r.open);
        blockerOldestAge.set({ stream: r.stream }, r.oldestAgeSeconds);
      }
    })().finally(() => {
      reading = undefined;
    }));
  const blockersOpen: Gauge<'stream'> = new Gauge({
    name: 'paceline_blockers_open',
    help: 'Open blockers per stream',
    labelNames: ['stream'],
    registers: [registry],
    collect: collectOpen,
  });
  const blockerOldestAge: Gauge<'stream'> = new Gauge({
    name: 'paceline_blocker_oldest_open_age_seconds',
    help: 'Age of the oldest open blocker per stream',
    labelNames: ['stream'],
    registers: [registry],
    collect: collectOpen,
  });
  return {
    registry,
    measureOpenBlockers(read) {
      readOpen = read;
    },
    slackRequests: new Counter({
      name: 'paceline_slack_requests_total',
      help: 'Slack requests handled, by surface, name and outcome (ok or error)',
      labelNames: ['surface', 'name', 'outcome'],
      registers: [registry],
    }),
    slackLatency: new Histogram({
      name: 'paceline_slack_request_duration_seconds',
      help: 'Time from receiving a Slack request to the end of its listener',
      labelNames: ['surface', 'name'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 3, 5, 10],
      registers: [registry],
    }),
    jobRuns: new Counter({
      name: 'paceline_job_runs_total',
      help: 'Scheduled job runs by job and outcome (succeeded, failed, skipped, lost-claim)',
      labelNames: ['job', 'outcome'],
      registers: [registry],
    }),
    jobLatency: new Histogram({
      name: 'paceline_job_duration_seconds',
      help: 'Duration of scheduled job runs',
      labelNames: ['job'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers: [registry],
    }),
    blockerTimeToAck: new Histogram({
      name: 'paceline_blocker_time_to_ack_seconds',
      help: 'Time from filing a blocker to its acknowledgement',
      buckets: [60, 300, 900, 1800, 3600, 7200, 14400, 28800, 86400],
      registers: [registry],
    }),
    blockerTimeToResolve: new Histogram({
      name: 'paceline_blocker_time_to_resolve_seconds',
      help: 'Time from filing a blocker to its resolution',
      buckets: [300, 1800, 3600, 7200, 14400, 28800, 86400, 172800, 604800],
      registers: [registry],
    }),
    blockerEscalations: new Counter({
      name: 'paceline_blocker_escalations_total',
      help: 'Escalations posted, by level',
      labelNames: ['level'],
      registers: [registry],
    }),
    ready: new Gauge({
      name: 'paceline_ready',
      help: '1 when a readiness check passes (database, slack), else 0',
      labelNames: ['check'],
      registers: [registry],
    }),
  };
}
