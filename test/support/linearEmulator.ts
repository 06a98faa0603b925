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
