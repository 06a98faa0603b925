import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { z } from 'zod';
import { PacelineError } from '../errors.js';
import { ConfigSchema, type Config } from './schema.js';
import { checkReferences, type ConfigProblem } from './references.js';

export interface LoadedConfig {
  file: string;
  config: Config;
}

/** `--config FILE`, else PACELINE_CONFIG, else ./paceline.yml; none of them → a message on how to start. */
export function findConfigFile(explicit: string | undefined, fromEnv: string | undefined, cwd: string): string {
  const candidate = explicit ?? fromEnv ?? path.join(cwd, 'paceline.yml');
  const resolved = path.resolve(cwd, candidate);
  if (!existsSync(resolved)) {
    const how =
      explicit !== undefined
        ? `--config ${explicit}`
        : fromEnv !== undefined
          ? `PACELINE_CONFIG=${fromEnv}`
          : './paceline.yml (the default)';
    throw new PacelineError(
      'CONFIG_NOT_FOUND',
      `No Paceline config at ${resolved} (from ${how}). Start from the example: ` +
        '`cp paceline.example.yml paceline.yml`, edit the people and channels, then `npx paceline check-config`.',
    );
  }
  return resolved;
}

export function formatPath(p: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of p) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out === '' ? '(top level)' : out;
}

function valueAt(root: unknown, p: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const seg of p) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (check the spelling against paceline.example.yml)`;
  }
  if (issue.code === 'invalid_type' && valueAt(raw, issue.path) === undefined) {
    return `is required (${issue.message.replace(/^Invalid input: /, '').replace(/, received undefined$/, '')})`;
  }
  return issue.message;
}

/**
 * Parses and validates a config text. Every problem comes back with its path and line so an
 * admin can fix them all in one go; nothing is thrown for a bad file.
 */
export function parseConfig(text: string, file: string): { config?: Config; problems: string[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const name = path.basename(file);
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return `${name}:${pos.line}:${pos.col}: ${e.message.split('\n')[0] ?? e.message}`;
      }),
    };
  }
  const where = (p: readonly PropertyKey[]): string => {
    // Point at the deepest node that exists: a missing key is reported at its parent.
    for (let n = p.length; n >= 0; n--) {
      const node: unknown = doc.getIn(p.slice(0, n) as unknown[], true);
      if (isNode(node) && node.range) return `${name}:${lineCounter.linePos(node.range[0]).line}`;
    }
    return name;
  };
  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (err) {
    // The yaml library refuses aliases that expand too far (a "billion laughs" document).
    return { problems: [`${name}: cannot be read: ${(err as Error).message} (remove the YAML aliases, or use fewer)`] };
  }
  const result = ConfigSchema.safeParse(raw ?? {});
  if (!result.success) {
    return { problems: result.error.issues.map((i) => `${where(i.path)} ${formatPath(i.path)}: ${describeIssue(i, raw)}`) };
  }
  const refs: ConfigProblem[] = checkReferences(result.data);
  if (refs.length > 0) return { problems: refs.map((r) => `${where(r.path)} ${formatPath(r.path)}: ${r.message}`) };
  return { config: result.data, problems: [] };
}

export function loadConfig(file: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new PacelineError('CONFIG_NOT_FOUND', `Cannot read the config file ${file}: ${(err as Error).message}`);
  }
  const { config, problems } = parseConfig(text, file);
  if (config === undefined) {
    throw new PacelineError('CONFIG_INVALID', `${file} has ${problems.length} problem${problems.length === 1 ? '' : 's'}`, problems);
  }
  return { file, config };
}

export function summarize(config: Config): string {
  const people = config.people.length;
  const streams = config.streams.map((s) => s.key).join(', ');
  return (
    `OK: ${config.streams.length} streams (${streams}), ${people} people, sprint ${config.sprint.start} for ` +
    `${config.sprint.lengthDays} days, stand-up ${config.standup.time} ${config.timezone}`
  );
}
