import { createHmac } from 'node:crypto';
import { createEmulator, type Emulator } from 'emulate';
import type { Config } from '../../src/config/schema.js';

export const LINEAR_TOKEN = 'lin_test_admin';
export const LINEAR_WEBHOOK_SECRET = 'linear-webhook-secret-for-tests';

export interface LinearWorkspace {
  emulator: Emulator;
  /** GraphQL endpoint, for LINEAR_API_URL. */
  apiUrl: string;
  close(): Promise<void>;
}

/**
 * A Linear workspace for a config: one team per key of tracker.linear.teams (plus OPS, a team
 * Paceline does not track), the workflow states Linear gives a new team, a cross-stream label,
 * one cycle per team covering sprint 1, and the config's people as users.
 */
export async function startLinearWorkspace(config: Config, sprint1: { startsAt: string; endsAt: string }): Promise<LinearWorkspace> {
  const teams = [...Object.keys(config.tracker.linear?.teams ?? {}), 'OPS'];
  const emulator = await createEmulator({
    service: 'linear',
    port: 0,
    seed: {
      linear: {
        organization: { name: 'Paceline Test', url_key: 'paceline' },
        users: [
          { email: 'admin@paceline.test', name: 'Admin', admin: true },
          ...config.people.filter((p) => p.linear !== undefined).map((p) => ({ email: p.linear as string, name: p.name })),
        ],
        teams: teams.map((key) => ({
          key,
          name: key,
          states: [
            { name: 'Backlog', type: 'backlog' },
            { name: 'Todo', type: 'unstarted' },
            { name: 'In Progress', type: 'started' },
            { name: 'Done', type: 'completed' },
            { name: 'Canceled', type: 'canceled' },
          ],
        })),
        labels: teams.map((team) => ({ name: config.tracker.linear?.crossStreamLabel ?? 'cross-stream', team })),
        cycles: teams.map((team) => ({
          team,
          name: 'Sprint 1',
          number: 1,
          id: `cycle-${team}`,
          starts_at: sprint1.startsAt,
          ends_at: sprint1.endsAt,
        })),
        tokens: [{ token: LINEAR_TOKEN, user: 'admin@paceline.test', scopes: ['read', 'write', 'issues:create', 'admin'] }],
      },
    },
  });
  return { emulator, apiUrl: `${emulator.url}/graphql`, close: () => emulator.close() };
}

/** Calls the emulator's GraphQL API as a Linear user would; throws on GraphQL errors. */
export async function linearApi<T>(apiUrl: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(apiUrl, {
    method: 'POST',
    headers: { authorization: LINEAR_TOKEN, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data as T;
}

/** Signs a body the way Linear does (HMAC-SHA256 of the raw body, hex), for deliveries a test sends itself. */
export function linearSignature(body: string, secret = LINEAR_WEBHOOK_SECRET): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/** Drives a Linear workspace the way its users do: issues created and changed through the API. */
export class LinearDriver {
  readonly ids = {
    teams: new Map<string, string>(),
    states: new Map<string, string>(),
    users: new Map<string, string>(),
    labels: new Map<string, string>(),
  };
  /** identifier → Linear id */
  readonly issues = new Map<string, string>();

  constructor(private readonly apiUrl: string) {}

  /** Learns the workspace's ids (teams, workflow states, users, labels). */
  async load(): Promise<void> {
    const teams = await linearApi<{ teams: { nodes: { id: string; key: string }[] } }>(this.apiUrl, '{ teams { nodes { id key } } }');
    for (const t of teams.teams.nodes) this.ids.teams.set(t.key, t.id);
    const states = await linearApi<{ workflowStates: { nodes: { id: string; name: string; team: { key: string } }[] } }>(
      this.apiUrl,
      '{ workflowStates(first: 100) { nodes { id name team { key } } } }',
    );
    for (const s of states.workflowStates.nodes) this.ids.states.set(`${s.team.key}:${s.name}`, s.id);
    const users = await linearApi<{ users: { nodes: { id: string; email: string }[] } }>(this.apiUrl, '{ users { nodes { id email } } }');
    for (const u of users.users.nodes) this.ids.users.set(u.email, u.id);
    const labels = await linearApi<{ issueLabels: { nodes: { id: string; name: string; team: { key: string } | null }[] } }>(
      this.apiUrl,
      '{ issueLabels(first: 100) { nodes { id name team { key } } } }',
    );
    for (const l of labels.issueLabels.nodes) this.ids.labels.set(`${l.team?.key}:${l.name}`, l.id);
  }

  /** The id of a team's workflow state, e.g. state('GOV', 'Done'). */
  state(team: string, name: string): string | undefined {
    return this.ids.states.get(`${team}:${name}`);
  }

  /** Points Linear's webhook at a running app (its port changes with each start). */
  async subscribe(baseUrl: string): Promise<void> {
    const existing = await linearApi<{ webhooks: { nodes: { id: string }[] } }>(this.apiUrl, '{ webhooks { nodes { id } } }');
    for (const w of existing.webhooks.nodes)
      await linearApi(this.apiUrl, 'mutation($id: String!) { webhookDelete(id: $id) { success } }', { id: w.id });
    await linearApi(this.apiUrl, 'mutation($input: WebhookCreateInput!) { webhookCreate(input: $input) { success } }', {
      input: {
        url: `${baseUrl}/webhooks/linear`,
        secret: LINEAR_WEBHOOK_SECRET,
        resourceTypes: ['Issue', 'Comment'],
        allPublicTeams: true,
      },
    });
  }

  /** Someone creates an issue; Linear delivers the webhook before answering. Returns its identifier. */
  async createIssue(
    team: string,
    title: string,
    o: { state?: string; assignee?: string; labels?: string[]; cycle?: boolean } = {},
  ): Promise<string> {
    const created = await linearApi<{ issueCreate: { issue: { id: string; identifier: string } } }>(
      this.apiUrl,
      'mutation($input: IssueCreateInput!) { issueCreate(input: $input) { issue { id identifier } } }',
      {
        input: {
          teamId: this.ids.teams.get(team),
          title,
          stateId: this.state(team, o.state ?? 'Todo'),
          ...(o.assignee ? { assigneeId: this.ids.users.get(o.assignee) } : {}),
          ...(o.labels ? { labelIds: o.labels.map((l) => this.ids.labels.get(`${team}:${l}`)) } : {}),
          ...(o.cycle === false ? {} : { cycleId: `cycle-${team}` }),
        },
      },
    );
    this.issues.set(created.issueCreate.issue.identifier, created.issueCreate.issue.id);
    return created.issueCreate.issue.identifier;
  }

  async updateIssue(identifier: string, input: Record<string, unknown>): Promise<void> {
    await linearApi(this.apiUrl, 'mutation($id: String!, $input: IssueUpdateInput!) { issueUpdate(id: $id, input: $input) { success } }', {
      id: this.issues.get(identifier),
      input,
    });
  }
}
