import { LinearClient } from '@linear/sdk';
import type { Logger } from '../observability/logger.js';
import type { TrackerIssue, WorkTracker } from '../services/ports.js';

const FIELDS = `id identifier title url startedAt completedAt
  team { key } state { type } assignee { email name } labels { nodes { name } } cycle { startsAt }`;

interface IssueNode {
  id: string;
  identifier: string;
  title: string;
  url: string | null;
  startedAt: string | null;
  completedAt: string | null;
  estimate?: number | null;
  team: { key: string };
  state: { type: string };
  assignee: { email: string | null; name: string | null } | null;
  labels: { nodes: { name: string }[] };
  cycle: { startsAt: string | null } | null;
}

function toIssue(n: IssueNode): TrackerIssue {
  return {
    id: n.id,
    identifier: n.identifier,
    title: n.title,
    url: n.url,
    teamKey: n.team.key,
    stateType: n.state.type,
    ...('estimate' in n ? { estimate: typeof n.estimate === 'number' ? n.estimate : null } : {}),
    assigneeEmail: n.assignee?.email ?? null,
    assigneeName: n.assignee?.name ?? null,
    labels: n.labels.nodes.map((l) => l.name),
    cycleStartsAt: n.cycle?.startsAt ?? null,
    startedAt: n.startedAt,
    completedAt: n.completedAt,
  };
}

const PAGE = 100;
// A reconciliation reads at most this many issues: a bound, so a runaway workspace cannot stall a tick.
const MAX_PAGES = 50;

/** Linear through its GraphQL API (`LINEAR_API_URL`; a local emulator in tests). */
export class LinearTracker implements WorkTracker {
  private readonly client: LinearClient;
  /** Whether the API knows `estimate` (Linear does; a server without it gives no points). */
  private estimates = true;

  constructor(
    o: { apiKey: string; apiUrl: string },
    private readonly logger: Logger,
  ) {
    this.client = new LinearClient({ apiKey: o.apiKey, apiUrl: o.apiUrl });
  }

  private fields(): string {
    return this.estimates ? `${FIELDS} estimate` : FIELDS;
  }

  /** Runs a query; once, if the server does not know `estimate`, again without it. */
  private async query<T>(build: () => string, variables: Record<string, unknown>): Promise<T> {
    try {
      return await this.client.client.request<T, Record<string, unknown>>(build(), variables);
    } catch (err) {
      if (this.estimates && /estimate/i.test(String((err as Error).message))) {
        this.estimates = false;
        this.logger.warn('the Linear API gave no estimates; points come from /sprint points instead');
        return this.client.client.request<T, Record<string, unknown>>(build(), variables);
      }
      throw err;
    }
  }

  async issue(id: string): Promise<TrackerIssue | null> {
    try {
      const data = await this.query<{ issue: IssueNode | null }>(
        () => `query Issue($id: String!) { issue(id: $id) { ${this.fields()} } }`,
        {
          id,
        },
      );
      return data.issue === null ? null : toIssue(data.issue);
    } catch (err) {
      if (/not found|entity not found/i.test(String((err as Error).message))) return null;
      throw err;
    }
  }

  async issuesOfTeams(teamKeys: readonly string[]): Promise<TrackerIssue[]> {
    const wanted = new Set(teamKeys);
    const found: TrackerIssue[] = [];
    let after: string | null = null;
    // Every issue, filtered here by team key: the filter's shape differs between Linear and the
    // emulator the tests use, and a sprint's teams hold most of what a workspace has anyway.
    for (let page = 0; page < MAX_PAGES; page++) {
      const data: { issues: { nodes: IssueNode[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await this.query(
        () =>
          `query Issues($first: Int, $after: String) { issues(first: $first, after: $after) { nodes { ${this.fields()} } pageInfo { hasNextPage endCursor } } }`,
        { first: PAGE, after },
      );
      for (const n of data.issues.nodes) if (wanted.has(n.team.key)) found.push(toIssue(n));
      if (!data.issues.pageInfo.hasNextPage || data.issues.pageInfo.endCursor === null) return found;
      after = data.issues.pageInfo.endCursor;
    }
    this.logger.warn({ read: found.length }, `stopped reading Linear after ${MAX_PAGES * PAGE} issues`);
    return found;
  }

  /** The workspace's team keys and labels (a label of no team is the workspace's), for check-config --online. */
  async teamsAndLabels(): Promise<{ teams: string[]; labels: { name: string; teamKey: string | null }[] }> {
    const data = await this.client.client.request<
      { teams: { nodes: { key: string }[] }; issueLabels: { nodes: { name: string; team: { key: string } | null }[] } },
      Record<string, unknown>
    >('{ teams(first: 250) { nodes { key } } issueLabels(first: 250) { nodes { name team { key } } } }', {});
    return {
      teams: data.teams.nodes.map((t) => t.key),
      labels: data.issueLabels.nodes.map((l) => ({ name: l.name, teamKey: l.team?.key ?? null })),
    };
  }
}
