import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/paceline.js', import.meta.url));

/** The environment a CLI test starts from: PATH and HOME only, so nothing leaks in from the shell. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

export function runCli(
  args: string[],
  o: { cwd: string; env: Record<string, string> },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: o.cwd, env: o.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Starts `paceline start` and resolves once it logs that it listens, with the port it chose.
 * By default as the `paceline` command runs (its first line: `env -S node` with the app's node
 * options); `launch: 'plain node'` runs `node bin/paceline.js` without them.
 */
export function startCli(
  args: string[],
  o: { cwd: string; env: Record<string, string>; launch?: 'command' | 'plain node' },
): Promise<{ child: ChildProcessWithoutNullStreams; port: number; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child =
      o.launch === 'plain node'
        ? spawn(process.execPath, [BIN, ...args], { cwd: o.cwd, env: o.env })
        : spawn(BIN, args, { cwd: o.cwd, env: o.env });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /"port":(\d+).*"msg":"paceline listening"/.exec(out);
      if (m) resolve({ child, port: Number(m[1]), output: () => out });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (code) => reject(new Error(`paceline start exited ${code} before listening:\n${out}`)));
  });
}
