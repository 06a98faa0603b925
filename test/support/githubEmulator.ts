import { createHmac } from 'node:crypto';
import { createEmulator, type Emulator } from 'emulate';

export const GITHUB_TOKEN = 'gh_test_admin';
export const GITHUB_WEBHOOK_SECRET = 'github-webhook-secret-for-tests';

export interface GithubOrg {
  emulator: Emulator;
  url: string;
  close(): Promise<void>;
}

/** The token a seeded developer uses (see startGithubOrg). */
export const tokenOf = (login: string) => `gh_test_${login}`;

/**
 * A GitHub organisation with the given repositories (each with a first commit on main) and
 * developers who are members of it, each with a token of their own.
 */
export async function startGithubOrg(org: string, repos: readonly string[], developers: readonly string[] = []): Promise<GithubOrg> {
  const scopes = ['repo', 'user', 'admin:org', 'admin:repo_hook'];
  const emulator = await createEmulator({
    service: 'github',
    port: 0,
    seed: {
      tokens: Object.fromEntries([
        [GITHUB_TOKEN, { login: 'admin', scopes }],
        ...developers.map((d) => [tokenOf(d), { login: d, scopes }]),
      ]),
      github: {
        users: [{ login: 'admin', name: 'Admin' }, ...developers.map((login) => ({ login, name: login }))],
        orgs: [
          {
            login: org,
            name: org,
            members: [{ login: 'admin', role: 'admin' }, ...developers.map((login) => ({ login, role: 'member' }))],
          },
        ],
        repos: repos.map((name) => ({ owner: org, name, auto_init: true })),
      },
    },
  });
  return { emulator, url: emulator.url, close: () => emulator.close() };
}

/** Calls the emulator's REST API as the admin; throws with the body on a non-2xx answer. */
export async function githubApi<T = Record<string, unknown>>(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  token = GITHUB_TOKEN,
): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json', 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text === '' ? {} : JSON.parse(text)) as T;
}

/** Points a repository's webhook at a running app, for the events Paceline reads. */
export async function hookRepository(url: string, repo: string, appBaseUrl: string, secret = GITHUB_WEBHOOK_SECRET): Promise<void> {
  await githubApi(url, 'POST', `/repos/${repo}/hooks`, {
    name: 'web',
    active: true,
    events: ['pull_request', 'pull_request_review', 'workflow_run'],
    config: { url: `${appBaseUrl}/webhooks/github`, content_type: 'json', secret },
  });
}

/** Signs a body as GitHub does (X-Hub-Signature-256), for deliveries a test sends itself. */
export function githubSignature(body: string, secret = GITHUB_WEBHOOK_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * What a developer does: a branch with one commit, a pull request from it, and (unless told
 * otherwise) its merge. Returns the pull request's number.
 */
export async function mergePullRequest(
  url: string,
  repo: string,
  o: { branch: string; title: string; body?: string; merge?: boolean },
): Promise<number> {
  const main = await githubApi<{ object: { sha: string } }>(url, 'GET', `/repos/${repo}/git/ref/heads/main`);
  await githubApi(url, 'POST', `/repos/${repo}/git/refs`, { ref: `refs/heads/${o.branch}`, sha: main.object.sha });
  await githubApi(url, 'PUT', `/repos/${repo}/contents/${o.branch}.txt`, {
    message: o.title,
    content: Buffer.from(o.title).toString('base64'),
    branch: o.branch,
  });
  const pr = await githubApi<{ number: number }>(url, 'POST', `/repos/${repo}/pulls`, {
    title: o.title,
    head: o.branch,
    base: 'main',
    body: o.body ?? '',
  });
  if (o.merge !== false) await githubApi(url, 'PUT', `/repos/${repo}/pulls/${pr.number}/merge`, {});
  return pr.number;
}
