import type { Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import type { Stores } from './stores.js';
import { channelId, type Directory } from '../domain/directory.js';
import type { Logger } from '../observability/logger.js';
import type { Messenger, Presenters } from './ports.js';
import type { TigerCrewService } from './tigerCrew.js';
import type { DeliveryOutcome } from './workItems.js';

/** The parts of a workflow_run webhook Paceline reads. */
export interface WorkflowRunPayload {
  action?: string | undefined;
  repository?: { full_name: string } | undefined;
  workflow_run?:
    | {
        id: number;
        name?: string | null | undefined;
        run_number?: number | undefined;
        conclusion?: string | null | undefined;
        html_url: string;
        head_branch?: string | null | undefined;
      }
    | undefined;
}

/**
 * The nightly staging smoke: each completed run of `tracker.github.smokeWorkflow` is told once in
 * every stream channel, and a failure also pages today's Tiger Crew in the Tiger channel, once per
 * run. Each message has a purpose of its own (the run's id): a redelivery or a retry after a
 * crash finds it posted and changes nothing, so no delivery ledger is needed (one written before
 * the posts would lose them to a crash in between).
 */
export class SmokeService {
  constructor(
    private readonly deps: {
      config: Config;
      directory: Directory;
      logger: Logger;
      poster: Messenger;
      present: Presenters;
      tigerCrew: TigerCrewService;
      clock: Clock;
      repos: Pick<Stores, 'changelog'>;
    },
  ) {}

  async workflowRun(payload: WorkflowRunPayload): Promise<DeliveryOutcome> {
    const run = payload.workflow_run;
    const wanted = this.deps.config.tracker.github?.smokeWorkflow;
    if (run === undefined || payload.action !== 'completed')
      return { kind: 'ignored', reason: `Paceline reads completed workflow runs only (this one was ${payload.action ?? 'changed'})` };
    if (wanted === undefined || run.name !== wanted)
      return { kind: 'ignored', reason: `${run.name ?? 'this workflow'} is not the smoke workflow (tracker.github.smokeWorkflow)` };
    const repo = payload.repository?.full_name ?? '';
    if (this.deps.config.tracker.github?.repositories[repo] === undefined)
      return { kind: 'unknown', reason: `${repo || 'the repository'} is not in tracker.github.repositories` };
    const passed = run.conclusion === 'success';
    const result = {
      passed,
      conclusion: run.conclusion ?? 'unknown',
      runNumber: run.run_number ?? null,
      url: run.html_url,
      repository: repo,
      branch: run.head_branch ?? null,
    };
    // Stored first (once per run, so a redelivery adds nothing): the digest's smoke risk reads it.
    await this.deps.repos.changelog.recordSmokeRun({
      runId: String(run.id),
      repository: repo,
      conclusion: run.conclusion ?? 'unknown',
      url: run.html_url,
      // When Paceline learned it, like every other fact the digest reads (work-item events too).
      completedAt: this.deps.clock.now(),
    });
    let posted = 0;
    for (const stream of this.deps.config.streams) {
      const fresh = await this.deps.poster.postIfNew(
        `smoke:${run.id}:${stream.key}`,
        channelId(this.deps.directory, stream.channel),
        this.deps.present.smokeResult({ ...result, streamName: stream.name }),
      );
      if (fresh) posted += 1;
    }
    if (!passed) {
      const crew = await this.deps.tigerCrew.crewSlackIdsToday();
      const fresh = await this.deps.poster.postIfNew(
        `smoke-page:${run.id}`,
        channelId(this.deps.directory, this.deps.config.channels.tiger),
        this.deps.present.smokePage({ ...result, crew }),
      );
      if (fresh) posted += 1;
    }
    // Nothing new posted: a redelivery (or another replica) told everyone already.
    if (posted === 0) return { kind: 'duplicate' };
    return {
      kind: 'applied',
      identifier: `${repo} smoke run ${run.id}`,
      changes: Array.from({ length: posted }, () => ({ kind: 'posted' })),
    };
  }
}
