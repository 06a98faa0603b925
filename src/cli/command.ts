import type { ParseArgsConfig } from 'node:util';
import type { Env } from '../config/env.js';
import { SystemClock } from '../clock.js';
import type { Config } from '../config/schema.js';
import { addDays, localDate, sprintPositionOfDate } from '../domain/calendar.js';

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** What a command gets once its own options have been parsed. */
export interface CommandContext {
  values: OptionValues;
  positionals: string[];
  env: Env;
  /** The raw environment, for what is not part of Env (LOG_LEVEL=debug traces). */
  envSource: Record<string, string | undefined>;
  cwd: string;
  io: Io;
}

/**
 * One `paceline <name>` command. Each declares its own options: another command's option is
 * refused by name, never silently ignored.
 */
export interface CliCommand {
  name: string;
  /** Its lines in the usage text: the synopsis, then what it does. */
  usage: string[];
  options: NonNullable<ParseArgsConfig['options']>;
  /** How many positional arguments it takes at most, and what to say when given more. */
  positionals: { max: number; tooMany: (given: string[]) => string };
  run(ctx: CommandContext): Promise<number>;
}

export const configOption = { config: { type: 'string' } } as const;

/** A string option's value (parseArgs types them loosely when options are declared per command). */
export function stringOption(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

/** Prints each problem of a rejected option as `paceline: <command> --<option>: <why>`. */
export function reportOptionProblems(io: Io, command: string, issues: { path: PropertyKey[]; message: string }[]): number {
  for (const i of issues) io.err(`paceline: ${command} --${i.path.map(String).join('.')}: ${i.message}`);
  return 2;
}

/** The sprint that contains today in the sprint timezone; the first sprint before it starts. */
export function currentSprint(config: Config): { startDate: string; endDate: string } {
  const today = localDate(new SystemClock().now(), config.timezone);
  const pos = sprintPositionOfDate(config, today);
  return pos ?? { startDate: config.sprint.start, endDate: addDays(config.sprint.start, config.sprint.lengthDays - 1) };
}
