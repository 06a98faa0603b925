import { namedItems, type ChangelogEntryRecord } from '../domain/changelog.js';
import { channelId } from '../domain/directory.js';
import type { Messenger, Presenters, ServiceBasics } from './ports.js';
import type { Stores } from './stores.js';
import type { DeliveryOutcome } from './workItems.js';

/** The parts of a GitHub webhook Paceline reads (checked by the HTTP layer). */
export interface GithubPayload {
  action?: string | undefined;
  repository?: { full_name: string } | undefined;
  pull_request?:
    | {
        number: number;
        title: string;
        body?: string | null | undefined;
        html_url: string;
        merged?: boolean | null | undefined;
        merged_at?: string | null | undefined;
        head: { ref: string };
        user?: { login: string } | null | undefined;
        draft?: boolean | null | undefined;
      }
    | undefined;
  /** pull_request_review events. */
  review?: { state: string; user?: { login: string } | null | undefined } | undefined;
}

/**
 * Merged work, from GitHub: each pull request merged in a mapped repository becomes one changelog
 * entry, posted once to the changelog channel, and marks the work items it names as merged.
 */
export class ChangelogService {
  constructor(
    private readonly deps: ServiceBasics & {
      poster: Messenger;
      present: Presenters;
      repos: Pick<Stores, 'changelog' | 'workItems'>;
    },
  ) {}

  private get github() {
    return this.deps.config.tracker.github;
  }

  /** Prefixes that name work items: Linear team keys, and those of items Paceline knows. */
  async prefixes(): Promise<Set<string>> {
    return new Set([...Object.keys(this.deps.config.tracker.linear?.teams ?? {}), ...(await this.deps.repos.workItems.prefixes())]);
  }

  /** One GitHub webhook delivery, its signature already checked. */
  async githubDelivery(event: string, payload: GithubPayload): Promise<DeliveryOutcome> {
    if (event === 'ping') return { kind: 'ignored', reason: 'ping received' };
    if (event !== 'pull_request') return { kind: 'ignored', reason: `Paceline does not use ${event} events` };
    const pr = payload.pull_request;
    if (payload.action !== 'closed' || pr?.merged !== true)
      return { kind: 'ignored', reason: `Paceline records merged pull requests only (this one was ${payload.action ?? 'changed'})` };
    const repo = payload.repository?.full_name ?? '';
    const streamKey = this.github?.repositories[repo];
    if (streamKey === undefined)
      return {
        kind: 'unknown',
        reason: `${repo || 'the repository'} is not in tracker.github.repositories (${Object.keys(this.github?.repositories ?? {}).join(', ') || 'none'})`,
      };
    // No delivery ledger: a ledger row written before the entry would make GitHub's redelivery
    // after a kill -9 in between look like a duplicate and lose the merge. The entry is unique by
    // repository and number and is stored with its post's intent, so a redelivery finds it.
    const identifiers = namedItems([pr.head.ref, pr.title, pr.body], await this.prefixes());
    const sourceId = `github:${repo}#${pr.number}`;
    const mergedAt = pr.merged_at ? new Date(pr.merged_at) : this.deps.clock.now();
    const stream = this.deps.config.streams.find((s) => s.key === streamKey);
    const channel = channelId(this.deps.directory, this.deps.config.channels[this.deps.config.changelog.channel]);
    const purpose = `changelog:${sourceId}`;
    const message = this.deps.present.changelogEntry({
      title: pr.title,
      url: pr.html_url,
      streamName: stream?.name ?? streamKey,
      items: identifiers,
      author: pr.user?.login ?? null,
    });
    const { created } = await this.deps.repos.changelog.record(
      {
        sourceId,
        streamKey,
        title: pr.title,
        url: pr.html_url,
        mergedAt,
        recordedAt: this.deps.clock.now(),
        public: this.github?.public.includes(repo) ?? false,
      },
      { identifiers, intents: [this.deps.poster.intent(purpose, channel, message)], at: this.deps.clock.now() },
    );
    if (!created) return { kind: 'duplicate' };
    // Stored with its intent: if the post fails now, the every-minute pending-posts sweep sends it.
    await this.deps.poster
      .deliverStaged([purpose])
      .catch((err: unknown) => this.deps.logger.warn({ err, purpose }, 'changelog post deferred'));
    return {
      kind: 'applied',
      identifier: `${repo}#${pr.number}`,
      changes: [{ kind: 'changelog' }, ...identifiers.map(() => ({ kind: 'merged' }))],
    };
  }

  /** Public entries for the page and feeds, newest first. */
  publicEntries(limit = 500): Promise<ChangelogEntryRecord[]> {
    return this.deps.repos.changelog.publicEntries(limit);
  }
}
