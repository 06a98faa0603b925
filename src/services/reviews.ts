import { namedItems } from '../domain/changelog.js';
import { channelId } from '../domain/directory.js';
import { approvesAcrossStreams, crossCutting, nudgeDueAt, type PullRequestRecord } from '../domain/review.js';
import type { GithubPayload } from './changelog.js';
import type { Messenger, Presenters, ServiceBasics } from './ports.js';
import type { Stores } from './stores.js';
import type { DeliveryOutcome } from './workItems.js';

const REVIEWABLE = new Set(['opened', 'reopened', 'ready_for_review', 'converted_to_draft', 'edited', 'synchronize', 'closed']);

/**
 * Cross-stream review: a pull request that touches another stream's work (or cross-stream work)
 * needs an approving review from a person of another stream. Without one after
 * `review.crossStreamAfter`, one nudge goes to the pull request's stream channel naming people of
 * the other stream who could review. The nudge is claimed in the database with its post's intent,
 * so replicas and crashes never double or lose it.
 */
export class ReviewService {
  constructor(
    private readonly deps: ServiceBasics & {
      poster: Messenger;
      present: Presenters;
      repos: Pick<Stores, 'pullRequests' | 'workItems'>;
      prefixes: () => Promise<Set<string>>;
    },
  ) {}

  private streamOfRepo(repo: string): string | undefined {
    return this.deps.config.tracker.github?.repositories[repo];
  }

  /** A pull_request delivery: the pull request as it is now, and when its nudge is due. */
  async pullRequest(payload: GithubPayload): Promise<DeliveryOutcome | null> {
    const pr = payload.pull_request;
    const repo = payload.repository?.full_name ?? '';
    const streamKey = this.streamOfRepo(repo);
    if (pr === undefined || streamKey === undefined || !REVIEWABLE.has(payload.action ?? '')) return null;
    const stored = await this.watch(pr, repo, streamKey, payload.action === 'closed');
    return stored.nudgeDueAt === null
      ? { kind: 'ignored', reason: stored.crossStream ? 'no cross-stream review is pending for it' : 'it does not touch another stream' }
      : { kind: 'applied', identifier: `${repo}#${pr.number}`, changes: [{ kind: 'review-watched' }] };
  }

  /** Stores the pull request as a delivery shows it, and when its nudge is due. */
  private async watch(
    pr: NonNullable<GithubPayload['pull_request']>,
    repo: string,
    streamKey: string,
    closed: boolean,
  ): Promise<PullRequestRecord> {
    const identifiers = namedItems([pr.head.ref, pr.title, pr.body], await this.deps.prefixes());
    const items = [];
    for (const identifier of identifiers) {
      const item = await this.deps.repos.workItems.byIdentifier(identifier);
      if (item !== null) items.push({ identifier, streamKey: item.streamKey, labels: item.labels });
    }
    const label = this.deps.config.tracker.linear?.crossStreamLabel ?? 'cross-stream';
    const { crossStream, otherStreams } = crossCutting(streamKey, items, label);
    const now = this.deps.clock.now();
    return this.deps.repos.pullRequests.upsert(`github:${repo}#${pr.number}`, now, (before) => {
      const closedAt = closed ? (before?.closedAt ?? now) : null;
      return {
        sourceId: `github:${repo}#${pr.number}`,
        streamKey,
        title: pr.title,
        url: pr.html_url,
        authorLogin: pr.user?.login ?? null,
        items: identifiers,
        crossStream,
        otherStreams,
        approvedAt: before?.approvedAt ?? null,
        closedAt,
        nudgeDueAt: nudgeDueAt({
          crossStream,
          draft: pr.draft === true,
          approvedAt: before?.approvedAt ?? null,
          closedAt,
          nudgedAt: before?.nudgedAt ?? null,
          dueAt: before?.nudgeDueAt ?? null,
          now,
          afterMs: this.deps.config.review.crossStreamAfter,
        }),
      };
    });
  }

  /** A pull_request_review delivery: an approval from a person of another stream settles it. */
  async review(payload: GithubPayload): Promise<DeliveryOutcome> {
    const pr = payload.pull_request;
    const repo = payload.repository?.full_name ?? '';
    if (payload.action !== 'submitted' || pr === undefined || payload.review === undefined)
      return { kind: 'ignored', reason: `Paceline reads submitted reviews only (this one was ${payload.action ?? 'changed'})` };
    if (payload.review.state.toLowerCase() !== 'approved') return { kind: 'ignored', reason: 'not an approval' };
    const streamKey = this.streamOfRepo(repo);
    if (streamKey === undefined) return { kind: 'unknown', reason: `${repo || 'the repository'} is not in tracker.github.repositories` };
    // GitHub does not promise delivery order: a review may arrive before the pull request's own
    // delivery, so the pull request is stored from the review's copy of it first.
    const sourceId = `github:${repo}#${pr.number}`;
    const stored = (await this.deps.repos.pullRequests.bySourceId(sourceId)) ?? (await this.watch(pr, repo, streamKey, false));
    const login = payload.review.user?.login.toLowerCase();
    const person = this.deps.config.people.find((p) => p.github !== undefined && p.github.toLowerCase() === login);
    const streams = person === undefined ? [] : this.deps.config.streams.filter((s) => s.members.includes(person.key)).map((s) => s.key);
    if (!approvesAcrossStreams(streams, stored.streamKey))
      return { kind: 'ignored', reason: `${payload.review.user?.login ?? 'the reviewer'} is not a person of another stream` };
    const now = this.deps.clock.now();
    await this.deps.repos.pullRequests.upsert(sourceId, now, (before) => ({
      ...(before as PullRequestRecord),
      approvedAt: before?.approvedAt ?? now,
      nudgeDueAt: null,
    }));
    return { kind: 'applied', identifier: `${repo}#${pr.number}`, changes: [{ kind: 'cross-stream-approval' }] };
  }

  /** The every-tick sweep: one nudge for each cross-cutting pull request still waiting. */
  async sweep(): Promise<number> {
    const now = this.deps.clock.now();
    let nudged = 0;
    for (const pr of await this.deps.repos.pullRequests.due(now)) {
      const channel = channelId(this.deps.directory, this.deps.config.streams.find((s) => s.key === pr.streamKey)?.channel ?? '');
      const purpose = `review-nudge:${pr.sourceId}`;
      const intent = this.deps.poster.intent(purpose, channel, this.nudge(pr));
      if (!(await this.deps.repos.pullRequests.claimNudge(pr.id, now, [intent]))) continue;
      nudged += 1;
      await this.deps.poster
        .deliverStaged([purpose])
        .catch((err: unknown) => this.deps.logger.warn({ err, purpose }, 'review nudge deferred'));
    }
    return nudged;
  }

  /** Who could review: people of the other streams (their members), else the other streams' leads. */
  private nudge(pr: PullRequestRecord) {
    const streams = this.deps.config.streams;
    const others =
      pr.otherStreams.length > 0 ? streams.filter((s) => pr.otherStreams.includes(s.key)) : streams.filter((s) => s.key !== pr.streamKey);
    const authorKey = this.deps.config.people.find(
      (p) => p.github !== undefined && p.github.toLowerCase() === pr.authorLogin?.toLowerCase(),
    )?.key;
    const keys = pr.otherStreams.length > 0 ? others.flatMap((s) => s.members) : others.map((s) => s.lead);
    const reviewers = [...new Set(keys)]
      .filter((k) => k !== authorKey)
      .map((k) => this.deps.directory.people.get(k))
      .filter((id): id is string => id !== undefined)
      .slice(0, 8);
    return this.deps.present.reviewNudge({
      title: pr.title,
      url: pr.url,
      items: pr.items,
      hours: Math.round(this.deps.config.review.crossStreamAfter / 360_000) / 10,
      streamNames: others.map((s) => s.name),
      reviewers,
    });
  }
}
